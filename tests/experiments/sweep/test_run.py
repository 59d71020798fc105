from experiments.sweep.run import with_sample_rows


def test_with_sample_rows_sensitivity_design_sweeps_one_job_per_row():
    # Morris: N trajectories x (D + 1) rows = 6 x (52 + 1)
    assert with_sample_rows(["-m", "experiment=sensitivity_morris"])[-1] == "sweep.sample=range(0,318)"
    assert with_sample_rows(["-m", "experiment=sensitivity_morris", "sensitivity.n=2"])[-1] == (
        "sweep.sample=range(0,106)"
    )


def test_with_sample_rows_explicit_rows_or_no_design_left_alone():
    explicit = ["-m", "experiment=sensitivity_morris", "sweep.sample=range(0,3)"]
    assert with_sample_rows(explicit) == explicit
    assert with_sample_rows(["-m", "experiment=compare_interventions"]) == [
        "-m",
        "experiment=compare_interventions",
    ]
