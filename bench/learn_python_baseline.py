#!/usr/bin/env python3
"""Python XGBoost baseline for bench_learn (benchmark only; lmds never needs Python).

Usage: learn_python_baseline.py MATRIX.bin NROWS NCOLS ROUNDS DEPTH ETA NTHREAD
MATRIX.bin holds NROWS x NCOLS float32 features (row-major) followed by NROWS float32 labels, written by
bench_learn from lmds's own featuriser, so both sides train on identical inputs with identical parameters.
Prints "train_s <seconds>" and "predict_per_s <rows per second>".
"""
import sys
import time

import numpy as np
import xgboost as xgb


def main():
    path, n, m, rounds, depth, eta, nthread = sys.argv[1:8]
    n, m, rounds, depth, nthread = int(n), int(m), int(rounds), int(depth), int(nthread)
    raw = np.fromfile(path, dtype=np.float32)
    X = raw[: n * m].reshape(n, m)
    y = raw[n * m: n * m + n]
    params = {
        "objective": "reg:squarederror", "tree_method": "hist", "max_depth": depth, "eta": float(eta),
        "subsample": 0.8, "colsample_bytree": 0.5, "min_child_weight": 1.0, "lambda": 1.0, "seed": 42,
        "nthread": nthread, "verbosity": 0,
    }
    t0 = time.perf_counter()
    d = xgb.DMatrix(X, label=y, missing=np.nan)
    bst = xgb.train(params, d, num_boost_round=rounds)
    print("train_s %.4f" % (time.perf_counter() - t0))
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        bst.predict(xgb.DMatrix(X, missing=np.nan))
        reps += 1
    print("predict_per_s %.1f" % (reps * n / (time.perf_counter() - t0)))


if __name__ == "__main__":
    main()
