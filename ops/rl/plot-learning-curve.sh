#!/usr/bin/env bash
# Draws a run's learning curve (metrics.csv, written by `Trainer train`) as a PNG with gnuplot.
# Usage: ops/rl/plot-learning-curve.sh <run directory or metrics.csv> <output.png> [title]
# Installs gnuplot-nox from apt when missing (a documentation step; CI never runs it).
set -euo pipefail

input=${1:?usage: $0 <run directory or metrics.csv> <output.png> [title]}
output=${2:?usage: $0 <run directory or metrics.csv> <output.png> [title]}
title=${3:-DQN learning curve}
[ -d "$input" ] && input="$input/metrics.csv"
[ -f "$input" ] || { echo "no metrics at $input" >&2; exit 1; }

if ! command -v gnuplot >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq gnuplot-nox >/dev/null
fi

gnuplot <<GNUPLOT
set datafile separator ","
set datafile missing ""
set terminal pngcairo size 1000,620 font "DejaVu Sans,11"
set output "$output"
set multiplot layout 2,1 title "$title"
set key top right
set grid
set xlabel "environment steps (thousands)"
set ylabel "mean shots to win"
set yrange [40:100]
plot "$input" using (\$1/1000):6 skip 1 with lines lw 2 lc rgb "#999999" title "self-play episodes (with exploration)", \
     "$input" using (\$1/1000):7 skip 1 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "greedy evaluation", \
     61.28 with lines dt 2 lc rgb "#d62728" title "parity baseline (61.28)", \
     44.81 with lines dt 2 lc rgb "#2ca02c" title "density baseline (44.81)"
set autoscale y
set ylabel "Huber loss"
set y2tics
set y2label "epsilon"
set ytics nomirror
plot "$input" using (\$1/1000):5 skip 1 with lines lw 2 lc rgb "#ff7f0e" title "Huber loss", \
     "$input" using (\$1/1000):4 skip 1 axes x1y2 with lines lw 2 dt 3 lc rgb "#555555" title "epsilon"
unset multiplot
GNUPLOT
echo "wrote $output"
