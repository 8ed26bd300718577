# RFM segments: customers per segment, one horizontal bar each.
rfmcol(s) = s eq "champions" ? 0x08519c : s eq "loyal" ? 0x3182bd : s eq "potential loyalist" ? 0x6baed6 : \
            s eq "new customer" ? 0x9ecae1 : s eq "promising" ? 0x9ecae1 : \
            s eq "need attention" ? 0xfdd0a2 : s eq "about to sleep" ? 0xfdae6b : \
            s eq "at risk" ? 0xf16913 : s eq "cant lose them" ? 0xd94801 : \
            s eq "hibernating" ? 0xbdbdbd : 0x969696
stats data using 2 nooutput
n = STATS_records
xmax = STATS_max > 0 ? STATS_max : 1
set yrange [-n + 0.4 : 0.6]
set xrange [0 : xmax * 1.18]
eval ticks("x", 0, xmax * 1.18, "commas")
set lmargin 19
set grid xtics noytics
set border 1
set tics scale 0
set ytics offset 0.5, 0 tc rgb ink
set xlabel "customers" tc rgb ink
plot data using ($2 / 2):(-$0):($2 / 2):(0.36):(rfmcol(strcol(1))):ytic(1) with boxxyerror lc rgb variable, \
     ''   using 2:(-$0):(commas($2)) with labels left offset 0.5, 0 tc rgb ink
