# Collection pipeline: overdue balance per channel, labelled with the
# expected net recovery; the x labels give the accounts and agent-months
# (agent-mo).
# (the page writes the labels with spaces: "in house 1")
chancol(s) = s eq "in house 1" ? 0xfee08b : s eq "in house 2" ? 0xfdae61 : s eq "in house 3" ? 0xf46d43 : \
             s eq "agency" ? 0xd73027 : 0xa50026
stats data using 3 nooutput
ymax = STATS_max > 0 ? STATS_max : 1
set yrange [0 : ymax * 1.15]
set xrange [-0.6 : STATS_records - 0.4]
set boxwidth 0.65
eval ticks("y", 0, ymax * 1.15, "tickmoney")
set ylabel "overdue balance" tc rgb ink offset 1, 0
set bmargin 5
plot data using 0:3:(chancol(strcol(1))):xtic(strcol(1) . "\n" . commas($2) . " accounts\n" . sprintf("%.1f", $5) . " agent-mo") with boxes lc rgb variable, \
     ''   using 0:3:("net " . money($4)) with labels offset 0, 0.8 tc rgb ink
