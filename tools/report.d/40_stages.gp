# Collection stages: overdue open amount per escalation step.
stagecol(s) = s eq "reminder" ? 0xfee08b : s eq "notice" ? 0xfdae61 : s eq "warning" ? 0xf46d43 : \
              s eq "lawyer letter" ? 0xd73027 : 0xa50026
stats data using 3 nooutput
ymax = STATS_max > 0 ? STATS_max : 1
set yrange [0 : ymax * 1.15]
set xrange [-0.6 : STATS_records - 0.4]
set boxwidth 0.65
eval ticks("y", 0, ymax * 1.15, "tickmoney")
set ylabel "overdue amount" tc rgb ink offset 1, 0
set bmargin 4
plot data using 0:3:(stagecol(strcol(1))):xtic(strcol(1) . "\n" . commas($2) . " customers") with boxes lc rgb variable, \
     ''   using 0:3:(money($3)) with labels offset 0, 0.8 tc rgb ink
