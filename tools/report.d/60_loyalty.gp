# Loyalty per value tier: each tier's customers by loyalty tier, as shares.
stats data using 2 nooutput
nrows = STATS_records
tot(h, m, l) = (h + m + l) > 0 ? h + m + l : 1
pct(x, h, m, l) = 100.0 * x / tot(h, m, l)
show(p) = p >= 7 ? sprintf("%.0f%%", p) : ""
set style data histograms
set style histogram rowstacked gap 1
set boxwidth 0.65
set xrange [-0.6 : nrows - 0.4]
set style fill solid 1.0 border lc rgb "#ffffff"
set yrange [0 : 100]
set ytics 0, 25
set format y "%g%%"
set ylabel "customers of the tier" tc rgb ink offset 1, 0
set xlabel "value tier" tc rgb ink
set rmargin 13
set key outside right top vertical title "loyalty" tc rgb ink samplen 1.2 reverse Left
plot data using (pct($2, $2, $3, $4)):xtic(1) title "high" lc rgb "#08519c", \
     ''   using (pct($3, $2, $3, $4)) title "medium" lc rgb "#6baed6", \
     ''   using (pct($4, $2, $3, $4)) title "low" lc rgb "#deebf7", \
     ''   using 0:(pct($2, $2, $3, $4) / 2):(show(pct($2, $2, $3, $4))) with labels tc rgb "#ffffff", \
     ''   using 0:(pct($2, $2, $3, $4) + pct($3, $2, $3, $4) / 2):(show(pct($3, $2, $3, $4))) with labels tc rgb "#0b2545", \
     ''   using 0:(100 - pct($4, $2, $3, $4) / 2):(show(pct($4, $2, $3, $4))) with labels tc rgb "#0b2545"
