# Value tiers: customers (left) and net value (right), one horizontal bar per tier.
# (Every plot has a point on every row: gnuplot 5.4 crashes on a labels plot
# whose points are all NaN, as with one tier only.)
tiercol(s) = s eq "vip" ? 0x08519c : s eq "important" ? 0x3182bd : s eq "general" ? 0x9ecae1 : \
             s eq "potential" ? 0xfd8d3c : 0xbdbdbd
stats data using 2 nooutput
nrows = STATS_records
maxc = STATS_max > 0 ? STATS_max : 1
stats data using 4 nooutput
maxv = STATS_max > 0 ? STATS_max : 1
minv = STATS_min < 0 ? STATS_min : 0

set multiplot
set yrange [-nrows + 0.4 : 0.6]
set grid xtics noytics
set border 1
set tics scale 0
unset ytics

# left: customers
set lmargin at screen 0.15
set rmargin at screen 0.48
set title "Customers" tc rgb ink
set xrange [0 : maxc * 1.25]
nticks = 3
eval ticks("x", 0, maxc * 1.25, "commas")
set ytics scale 0 offset 0.5, 0 tc rgb ink
plot data using ($2 / 2):(-$0):($2 / 2):(0.35):(tiercol(strcol(1))):ytic(1) with boxxyerror lc rgb variable, \
     ''   using 2:(-$0):(commas($2)) with labels left offset 0.5, 0 tc rgb ink

# right: net value
unset ytics
set lmargin at screen 0.56
set rmargin at screen 0.97
set title "Net value" tc rgb ink
span = maxv - minv
set xrange [minv - 0.28 * span : maxv + 0.28 * span]
nticks = 4
eval ticks("x", minv - 0.28 * span, maxv + 0.28 * span, "tickmoney")
set yzeroaxis lt 1 lc rgb "#9aa5b1"
plot data using ($4 / 2):(-$0):(abs($4) / 2):(0.35):(tiercol(strcol(1))) with boxxyerror lc rgb variable, \
     ''   using 4:(-$0):($4 >= 0 ? money($4) : "") with labels left offset 0.5, 0 tc rgb ink, \
     ''   using 4:(-$0):($4 < 0 ? money($4) : "") with labels right offset -0.5, 0 tc rgb ink
unset multiplot
