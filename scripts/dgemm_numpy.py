"""Double-precision matrix-product rate of NumPy's BLAS on this machine (the reference for
docs/performance.md). Usage: OPENBLAS_NUM_THREADS=1 python3 scripts/dgemm_numpy.py"""
import time
import numpy as np

rng = np.random.default_rng(1)
shapes = [(1000, 1000, 1000), (1000, 25, 10000), (1000, 10000, 25), (2000, 2000, 2000)]
try:
    cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print("blas:", cfg.get("name"), cfg.get("version"))
except Exception:
    pass
for m, k, n in shapes:
    a = rng.random((m, k))
    b = rng.random((k, n))
    c = a @ b
    times = []
    for _ in range(15):
        t = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append(time.perf_counter() - t)
    times.sort()
    med = times[len(times) // 2]
    print(f"{m}x{k} @ {k}x{n}: median {med*1e3:.2f} ms, best {times[0]*1e3:.2f} ms, "
          f"{2*m*k*n/med/1e9:.1f} GFLOP/s (median), {2*m*k*n/times[0]/1e9:.1f} (best)")
