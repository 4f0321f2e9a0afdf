"""numpy peers of the trainers benchmarks: the plain numpy code a researcher would write (our own, no library code).

Usage: python3 numpy_peer.py <case> <json args>  prints one JSON object {"secondsPerUnit": [...]} with the time of
one unit of work (a GD step, a gradient, a census run) for each of `rounds` timing rounds;
       python3 numpy_peer.py serve               reads one JSON request {"case", "args"} per stdin line and answers
one JSON line each, so the calling benchmark can interleave numpy rounds with its own (A B A B) without paying
Python's start-up per round. Problem setup (random data) happens outside the timed region. Single thread: the caller unsets OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE and sets OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=1 for this process only.

Cases:
  shallow   {"n","d","k","activation","steps","rounds","seed"}: full-batch GD on L = ½‖φ(XWᵀ)v − y‖², per step.
  tsgrad    {"k","reps","rounds","seed"}: loss + gradient of the teacher–student population loss, k = n = d, V = I.
  census    {"k","W0": [[...] per run], "step","gradTol","lossThreshold","maxIters"}: SS18 GD from each W0, batched
            over runs (all runs step together; finished runs are masked out), returns per-run iterations, losses
            and the wall time per run.
"""
import json
import sys
import time

import numpy as np

TWO_PI = 2.0 * np.pi


def softplus(z):
    return np.logaddexp(0.0, z)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def shallow(a):
    n, d, k = a["n"], a["d"], a["k"]
    rng = np.random.default_rng(a.get("seed", 1))
    X = rng.standard_normal((n, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    y = rng.standard_normal(n)
    v = np.ones(k) / np.sqrt(k)
    W = rng.standard_normal((k, d))
    eta = 1e-4
    act = a["activation"]

    def step(W):
        Z = X @ W.T
        if act == "softplus":
            F, D = softplus(Z), sigmoid(Z)
        else:
            F, D = np.maximum(Z, 0.0), (Z > 0).astype(np.float64)
        r = F @ v - y
        G = (D * (r[:, None] * v[None, :])).T @ X
        return W - eta * G, 0.5 * (r @ r)

    for _ in range(3):
        W, _ = step(W)
    out = []
    for _ in range(a["rounds"]):
        t0 = time.perf_counter()
        for _ in range(a["steps"]):
            W, _ = step(W)
        out.append((time.perf_counter() - t0) / a["steps"])
    return {"secondsPerUnit": out}


def ts_loss_grad(W, V):
    """F(W) and ∇F for the ReLU teacher–student population loss (P4 Eqs. 10–11), batched over leading axes."""
    nw = np.linalg.norm(W, axis=-1)
    nv = np.linalg.norm(V, axis=-1)
    n = W.shape[-2]

    def kappa_parts(A, na, B, nb):
        C = np.clip((A @ np.swapaxes(B, -1, -2)) / (na[..., :, None] * nb[..., None, :]), -1.0, 1.0)
        T = np.arccos(C)
        S = np.sqrt(1.0 - C * C)
        return C, T, S

    Cww, Tww, Sww = kappa_parts(W, nw, W, nw)
    Cwv, Twv, Swv = kappa_parts(W, nw, V, nv)
    Cvv, Tvv, Svv = kappa_parts(V, nv, V, nv)
    eye = np.eye(n, dtype=bool)
    Kww = (nw[..., :, None] * nw[..., None, :]) * (Sww + (np.pi - Tww) * Cww) / TWO_PI
    Kwv = (nw[..., :, None] * nv[..., None, :]) * (Swv + (np.pi - Twv) * Cwv) / TWO_PI
    Kvv = (nv[..., :, None] * nv[..., None, :]) * (Svv + (np.pi - Tvv) * Cvv) / TWO_PI
    F = 0.5 * Kww.sum((-1, -2)) - Kwv.sum((-1, -2)) + 0.5 * Kvv.sum((-1, -2))
    Bww = np.where(eye, 0.0, (np.pi - Tww) / TWO_PI)
    Sww = np.where(eye, 0.0, Sww)
    A = (Sww * nw[..., None, :]).sum(-1) - (Swv * nv[..., None, :]).sum(-1)
    G = (0.5 + A / (TWO_PI * nw))[..., None] * W + Bww @ W - ((np.pi - Twv) / TWO_PI) @ V
    return F, G


def tsgrad(a):
    k = a["k"]
    rng = np.random.default_rng(a.get("seed", 1))
    V = np.eye(k)
    W = rng.standard_normal((k, k)) / np.sqrt(k)
    for _ in range(3):
        ts_loss_grad(W, V)
    out = []
    for _ in range(a["rounds"]):
        t0 = time.perf_counter()
        for _ in range(a["reps"]):
            ts_loss_grad(W, V)
        out.append((time.perf_counter() - t0) / a["reps"])
    return {"secondsPerUnit": out}


def census(a):
    W = np.array(a["W0"], dtype=np.float64)  # runs × n × d
    R, n, d = W.shape
    k = a["k"]
    V = np.eye(k, d)
    step, gtol, thr, cap = a["step"], a["gradTol"], a["lossThreshold"], a["maxIters"]
    active = np.ones(R, dtype=bool)
    iters = np.zeros(R, dtype=np.int64)
    loss = np.full(R, np.nan)
    t0 = time.perf_counter()
    it = 0
    while active.any():
        idx = np.nonzero(active)[0]
        F, G = ts_loss_grad(W[idx], V)
        gn = np.linalg.norm(G, axis=-1).max(-1)  # SS18: max_i ‖∂F/∂w_i‖
        loss[idx] = F
        done = (gn <= gtol) | (F < thr) | (it >= cap) | ~np.isfinite(F)
        iters[idx[done]] = it
        active[idx[done]] = False
        keep = idx[~done]
        W[keep] -= step * G[~done]
        it += 1
    secs = time.perf_counter() - t0
    return {"secondsPerUnit": [secs / R], "iterations": iters.tolist(), "loss": loss.tolist()}


CASES = {"shallow": shallow, "tsgrad": tsgrad, "census": census}

if __name__ == "__main__":
    if sys.argv[1] == "serve":
        print(json.dumps({"ready": True, "numpy": np.__version__}), flush=True)
        for line in sys.stdin:
            if line.strip():
                req = json.loads(line)
                print(json.dumps(CASES[req["case"]](req["args"])), flush=True)
    else:
        print(json.dumps(CASES[sys.argv[1]](json.loads(sys.argv[2]))))
