import numpy as np
import pytest
import scipy.sparse as sp

from experiments.bench import _case_cogov, _case_kernel, docking_to_kernel, main, threshold_kernel
from scenarios.load import load_config
from sim.model import CommunityModel


@pytest.mark.parametrize("steps", [3, 30])
def test_bare_kernel_reaches_the_same_active_set_as_the_docking_model(steps):
    docking = _case_cogov("threshold_docking", 300, steps)["active"]
    kernel = _case_kernel(300, steps)["active"]
    assert 1 < kernel.sum() < kernel.size  # a cascade under way, not just the seed
    assert np.array_equal(docking, kernel)


@pytest.mark.parametrize("sizes", [["0"], ["-5"], ["1000", "0"]])
def test_non_positive_sizes_exit_2_with_one_line(sizes, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--sizes", *sizes])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "--sizes must be positive" in err


def test_docking_model_step_does_no_more_sparse_products_than_the_bare_kernel(monkeypatch):
    # The load-independent half of the <= 2x target: the sparse product over the ties is the step's
    # only O(ties) work, so the docking day may do as many as the kernel's round (one), never more.
    products: list[str] = []
    for name in ("_matmul_dispatch", "_rmatmul_dispatch"):
        original = getattr(sp.csr_array, name)

        def counted(self, other, original=original, name=name):
            products.append(name)
            return original(self, other)

        monkeypatch.setattr(sp.csr_array, name, counted)
    model = CommunityModel(load_config("threshold_docking", ["community.residents=2000"]))
    start = model.state.adopted.copy()
    model.run(10)
    docking = len(products)
    threshold_kernel(model.network.adjacency, model.state.threshold, start, 10)
    assert docking == len(products) - docking == 10


@pytest.mark.bench
def test_docking_model_step_within_twice_the_bare_kernel_at_50000_residents():
    # The cogov-bench target (<= 2x from 100,000 residents), cheaply: 50,000 residents, 7 alternating
    # repeats of 20 steps, the fastest of each (load only slows a timing down); about 1 s. Measured
    # 1.4x on the 2 shared cores under a load average of 3. At 20,000 residents the kernel's round is
    # ~0.1 ms and cache-resident, and the ratio swung between 1.6x and 2.7x with the other processes.
    # A wall-time ratio: marked ``bench``, outside the default suite (pytest -m bench runs it).
    assert docking_to_kernel(50_000, steps=20, repeats=7) <= 2.0


def test_sweep_runs_from_shared_burn_ins_give_the_one_at_a_time_results_with_fewer_burn_ins():
    from experiments.bench import _sweep_runs

    alone, shared = _sweep_runs(200, 2, shared=False), _sweep_runs(200, 2, shared=True)
    assert alone["runs"] == shared["runs"] == 6 and alone["days"] == 364 + 365
    assert shared["summaries"] == alone["summaries"]


def test_sweep_table_prints_one_row_per_case_and_size(monkeypatch, capsys):
    import experiments.bench as bench

    monkeypatch.setattr(bench, "_in_fresh_process", lambda fn, *args: fn(*args))
    monkeypatch.setattr(bench, "SWEEP_SCENARIOS", ("urban_baseline",))
    main(["--sweep", "--sizes", "150", "--seeds", "1", "--batch", "2"])
    rows = capsys.readouterr().out.splitlines()
    assert [row.split()[0] for row in rows] == ["case", "one", "seed", "bound"]
    assert "same results" in rows[2] and rows[1].split()[-1] == "1.00"


@pytest.mark.parametrize("args", [["--sweep", "--seeds", "0"], ["--sweep", "--batch", "-1"]])
def test_sweep_bad_seeds_or_batch_exit_2_with_one_line(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == "" and err.count("\n") == 1
