# Valuable customers at risk: per value tier, the customers likely active
# (blue) and at risk (red), stacked; the net value at risk above each bar.
stats data using ($2 + $3) nooutput
ymax = STATS_max > 0 ? STATS_max : 1
set yrange [0 : ymax * 1.2]
set xrange [-0.6 : STATS_records - 0.4]
set boxwidth 0.55
eval ticks("y", 0, ymax * 1.2, "commas")
set ylabel "customers" tc rgb ink offset 1, 0
set bmargin 4
atrisk(n, v) = sprintf("%s at risk, %s net value", commas(n), money(v))
plot data using 0:($2 + $3):(0x08519c):xtic(strcol(1) . "\n" . "median p alive " . strcol(6)) with boxes lc rgb variable, \
     ''   using 0:3:(0xd73027) with boxes lc rgb variable, \
     ''   using 0:($2 + $3):(atrisk($3, $4)) with labels offset 0, 0.8 tc rgb ink
