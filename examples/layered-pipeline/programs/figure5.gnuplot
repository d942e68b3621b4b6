# The paper's Figure 5 from validate's work directory: memory-I.txt (per node: "time NODE", then
# seconds and MemAvailable in MiB), steps.dat (the end of each BSP step), wait-R.dat (per rank:
# seconds and barrier wait in ms). validate sets nodes, ranks, steps and the samples' time span
# tmin..tmax (numbers) on the command line.
set terminal png size 1200,800
set output "figure5.png"
set datafile separator whitespace
set multiplot layout 2,1 title sprintf("Free memory per node and BSP steps (%d ranks, %d steps)", ranks, steps)
set key outside right top
set grid ytics
set xlabel "seconds since the first step"
set xrange [tmin:tmax]
set y2range [0:1]
unset y2tics

set ylabel "MemAvailable (MiB)"
plot for [i=1:nodes] sprintf("memory-%d.txt", i) using 1:2 with lines linewidth 2 title columnheader(2), \
     "steps.dat" using 1:(1) axes x1y2 with impulses linecolor rgb "gray" title "step end"

set ylabel "barrier wait (ms)"
plot for [r=1:ranks] sprintf("wait-%d.dat", r) using 1:2 with linespoints pointtype 7 title sprintf("rank %d", r - 1), \
     "steps.dat" using 1:(1) axes x1y2 with impulses linecolor rgb "gray" title "step end"
unset multiplot
