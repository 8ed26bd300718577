# Aging: open amount per bucket, stacked by credit grade, total on top.
stats data using 7 nooutput
nrows = STATS_records
ymax = STATS_max > 0 ? STATS_max : 1
stats data using 6 nooutput
ungraded = STATS_max > 0 || STATS_min < 0

set style data histograms
set style histogram rowstacked gap 1
set boxwidth 0.65
set xrange [-0.6 : nrows - 0.4]
set style fill solid 1.0 border lc rgb "#ffffff"
set yrange [0 : ymax * 1.15]
eval ticks("y", 0, ymax * 1.15, "tickmoney")
set ylabel "open amount" tc rgb ink offset 1, 0
set xlabel "days past due" tc rgb ink
set rmargin 13
set key outside right top vertical title "credit grade" tc rgb ink samplen 1.2 reverse Left
plot data using 2:xtic(1) title "A" lc rgb "#1a9850", \
     ''   using 3 title "B" lc rgb "#a6d96a", \
     ''   using 4 title "C" lc rgb "#fdae61", \
     ''   using 5 title "D" lc rgb "#d73027", \
     ''   using 6 title (ungraded ? "none" : "") lc rgb "#bdbdbd", \
     ''   using 0:7:(money($7)) with labels offset 0, 0.8 tc rgb ink
