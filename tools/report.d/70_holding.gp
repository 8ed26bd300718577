# Holding style: customers per class, median holding period under each bar.
holdcol(s) = s eq "short term" ? 0xfdae6b : s eq "mid term" ? 0x6baed6 : 0x08519c
stats data using 2 nooutput
ymax = STATS_max > 0 ? STATS_max : 1
set yrange [0 : ymax * 1.15]
eval ticks("y", 0, ymax * 1.15, "commas")
set xrange [-0.6 : STATS_records - 0.4]
set boxwidth 0.55
set ylabel "customers" tc rgb ink offset 1, 0
set bmargin 4
days(x) = x eq "" ? "none" : sprintf("median %s days held", commas(real(x)))
plot data using 0:2:(holdcol(strcol(1))):xtic(strcol(1) . "\n" . days(strcol(3))) with boxes lc rgb variable, \
     ''   using 0:2:(commas($2)) with labels offset 0, 0.8 tc rgb ink
