# tools/report.d/style.gp: settings and helpers shared by every chart.
# tools/report_html runs:  gnuplot -e "data='…'; out='…'" style.gp NN_name.gp
# data is the panel's query result as TSV without its header line, with
# underscores in labels turned into spaces.

set terminal svg size 640,360 font "DejaVu Sans,12" background "#ffffff" noenhanced
set output out
set datafile separator "\t"
set encoding utf8

set border 3 lc rgb "#9aa5b1"
set tics nomirror textcolor rgb "#374151"
set grid noxtics ytics lc rgb "#e5e7eb" lw 1 dt 1
set key noautotitle
set style fill solid 1.0 noborder
set lmargin 10
set rmargin 3
set tmargin 2
set bmargin 3.5

# 12345.6 -> "12,346"
_commas(n) = n < 1000 ? sprintf("%d", n) : _commas(int(n / 1000)) . sprintf(",%03d", int(n) % 1000)
commas(x) = (x < 0 ? "-" : "") . _commas(int(abs(x) + 0.5))
# 1206377.79 -> "1.21M", -826859.1 -> "-827k"
money(x) = abs(x) >= 1e6 ? sprintf("%.2fM", x / 1e6) : abs(x) >= 1e3 ? sprintf("%.0fk", x / 1e3) : sprintf("%.0f", x)
# 1500000 -> "1.5M", 500000 -> "500k": short labels for money ticks
tickmoney(x) = abs(x) >= 1e6 ? sprintf("%gM", x / 1e6) : abs(x) >= 1e3 ? sprintf("%gk", x / 1e3) : sprintf("%g", x)
# a round tick step (1, 2 or 5 times a power of ten) near x > 0
nicestep(x) = (_e = 10 ** floor(log10(x)), _f = x / _e, (_f < 1.5 ? 1 : _f < 3 ? 2 : _f < 7 ? 5 : 10) * _e)
# eval ticks("y", lo, hi, "tickmoney"): about nticks ticks from lo to hi on
# that axis, each labelled by the named function (tickmoney or commas)
nticks = 5
ticks(ax, lo, hi, f) = sprintf("_s = nicestep((%.17g - (%.17g)) / nticks); _k0 = ceil((%.17g) / _s); \
	set %stics (%s(_k0 * _s) _k0 * _s); \
	do for [_k = _k0 + 1 : floor((%.17g) / _s)] { set %stics add (%s(_k * _s) _k * _s) }", \
	hi, lo, lo, ax, f, hi, ax, f)

ink = "#374151"
