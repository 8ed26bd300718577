# Overdue classes: overdue amount per class, customers under each bar.
classcol(s) = s eq "A" ? 0xf46d43 : s eq "B" ? 0xfee08b : 0xa50026
classname(s) = s eq "A" ? "A  focus" : s eq "B" ? "B  reminders" : s eq "C" ? "C  legal" : s
stats data using 3 nooutput
ymax = STATS_max > 0 ? STATS_max : 1
set yrange [0 : ymax * 1.15]
set xrange [-0.6 : STATS_records - 0.4]
set boxwidth 0.6
eval ticks("y", 0, ymax * 1.15, "tickmoney")
set ylabel "overdue amount" tc rgb ink offset 1, 0
set bmargin 4
plot data using 0:3:(classcol(strcol(1))):xtic(classname(strcol(1)) . "\n" . commas($2) . " customers") with boxes lc rgb variable, \
     ''   using 0:3:(money($3)) with labels offset 0, 0.8 tc rgb ink
