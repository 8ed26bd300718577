# Whale curve: cumulative share of net value against the top x% of customers,
# the 100% line, and a marker at the top 20%.
stats data using 2 nooutput
ymax = STATS_max
ymin = STATS_min < 0 ? STATS_min : 0
stats data using 3 nooutput
top20 = STATS_max

set xrange [0 : 100]
set yrange [ymin : (ymax > 100 ? ymax : 100) * 1.15]
set xtics 0, 10
set format x "%g%%"
set format y "%g%%"
set xlabel "top x% of customers, by net value" tc rgb ink
set ylabel "share of total net value" tc rgb ink offset 1, 0
set grid xtics ytics
set arrow 1 from 0, 100 to 100, 100 nohead dt 2 lc rgb "#6b7280" lw 1.2 front
set arrow 2 from 20, ymin to 20, top20 nohead dt 2 lc rgb "#d94801" lw 1.2 front
# the curve is concave, so below and right of the marker is clear of it
set style textbox opaque fc rgb "#ffffff" noborder margins 2, 1
set label 2 sprintf("top 20%% earn %.1f%%", top20) at 20, top20 left offset 1.2, -1.2 tc rgb "#d94801" boxed front
plot data using 1:2 with filledcurves y = 0 fc rgb "#c6dbef", \
     ''   using 1:2 with lines lw 2.5 lc rgb "#08519c", \
     '+'  using (20):(top20) every ::0::0 with points pt 7 ps 1.4 lc rgb "#d94801"
