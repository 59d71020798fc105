import mesa
import pandas as pd

import sim


def _table(model: sim.CommunityModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def test_datacollector_table_is_the_timeseries_as_the_run_goes_on(small_urban):
    model = sim.CommunityModel(small_urban)
    for days in (0, 5, 3):
        model.run(days)
        pd.testing.assert_frame_equal(_table(model), model.timeseries(), check_exact=True)


def test_datacollector_table_of_a_cascade_run_is_its_timeseries():
    model = sim.CommunityModel(sim.load_config("threshold_docking", ["community.residents=300", "steps=10"]))
    model.run()
    pd.testing.assert_frame_equal(_table(model), model.timeseries(), check_exact=True)


def test_datacollector_reporters_collected_each_day_the_mesa_way_give_the_timeseries(small_urban):
    model = sim.CommunityModel(small_urban)
    own = mesa.DataCollector(model_reporters=model.datacollector.model_reporters)
    own.collect(model)
    for _ in range(4):
        model.step()
        own.collect(model)
    pd.testing.assert_frame_equal(own.get_model_vars_dataframe(), model.timeseries(), check_exact=True)
