# Expected credit loss: the allowance per aging bucket (the total row, last,
# left out of the chart), each bar labelled with its amount and loss rate.
stats data using 4 nooutput
nb = STATS_records - 1
stats data using 4 every ::0::(nb - 1) nooutput
ymax = STATS_max > 0 ? STATS_max : 1
set yrange [0 : ymax * 1.25]
set xrange [-0.6 : nb - 0.4]
set boxwidth 0.6
eval ticks("y", 0, ymax * 1.25, "tickmoney")
set ylabel "allowance" tc rgb ink offset 1, 0
set bmargin 4
ratelabel(s) = strlen(s) > 0 ? s . "%" : "no rate"
plot data every ::0::(nb - 1) using 0:4:(0xd73027):xtic(strcol(1) . "\n" . ratelabel(strcol(3))) with boxes lc rgb variable, \
     ''   every ::0::(nb - 1) using 0:4:(money($4)) with labels offset 0, 0.8 tc rgb ink
