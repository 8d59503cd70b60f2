#!/bin/bash
# Plans a sweep, submits one array task per trial (deploy/slurm/sweep.sbatch) and a report job that runs once every
# task has ended (afterany: a failed trial is reported as failed, not waited for).
#   deploy/slurm/submit-sweep.sh SWEEP_DIR [sweep options, e.g. --preset paper --tuner random --budget-trials 16]
set -euo pipefail

SWEEP=${1:?usage: deploy/slurm/submit-sweep.sh SWEEP_DIR [sctok sweep plan options]}
shift
SCTOK=${SCTOK:-sctok}
HERE=$(cd "$(dirname "$0")" && pwd)

trials=$("$SCTOK" sweep plan -o "$SWEEP" "$@")
array=$(sbatch --parsable --array=0-$((trials - 1)) "$HERE/sweep.sbatch" "$SWEEP")
report=$(sbatch --parsable --dependency=afterany:"$array" --job-name=sctok-sweep-report --output=%x-%j.out \
    --wrap "$SCTOK sweep report --sweep '$SWEEP'")
echo "sweep $SWEEP: $trials trials in array job $array; report job $report"
