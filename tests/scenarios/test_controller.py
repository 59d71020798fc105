"""The app's Reset, Play and Step: every press of Step is one day, presses during a redraw included."""

import threading
from types import SimpleNamespace

import pytest

import sim
from scenarios import controller
from scenarios.controller import StepQueue, advance


@pytest.fixture
def model() -> sim.CommunityModel:
    return sim.CommunityModel(sim.load_config("urban_baseline"), **{"community.residents": 100})


def test_step_queue_presses_from_many_threads_are_each_taken_once():
    queue, taken, done = StepQueue(), [], threading.Event()

    def take() -> None:
        while not done.is_set():
            taken.append(queue.take_all())
        taken.append(queue.take_all())

    taker = threading.Thread(target=take)
    taker.start()
    pressers = [threading.Thread(target=lambda: [queue.press() for _ in range(500)]) for _ in range(4)]
    for t in pressers:
        t.start()
    for t in pressers:
        t.join()
    done.set()
    taker.join()
    assert sum(taken) == 2000


def test_step_queue_wait_returns_on_a_press_before_its_timeout():
    queue = StepQueue()
    threading.Timer(0.05, queue.press).start()
    waited = threading.Event()
    threading.Thread(target=lambda: (queue.wait(30.0), waited.set())).start()
    assert waited.wait(10.0) and queue.take_all() == 1


def test_presses_during_a_redraw_are_simulated_together_in_the_next(model, monkeypatch):
    queue, stop = StepQueue(), threading.Event()
    redraws: list[int] = []

    def redraw() -> None:  # the page redraws slowly: three more presses arrive meanwhile
        redraws.append(model.day)
        if len(redraws) == 1:
            for _ in range(3):
                queue.press()
        else:
            stop.set()

    monkeypatch.setattr(controller, "force_update", redraw)
    queue.press()
    queue.press()
    advance(model, queue, lambda: False, lambda: 0, lambda: 1, stop)
    assert redraws == [2, 5]  # one redraw per burst, and every press is one day


def test_playing_steps_render_interval_days_per_redraw(model, monkeypatch):
    stop = threading.Event()
    redraws: list[int] = []

    def redraw() -> None:
        redraws.append(model.day)
        if len(redraws) == 3:
            stop.set()

    monkeypatch.setattr(controller, "force_update", redraw)
    advance(model, StepQueue(), lambda: True, lambda: 1, lambda: 4, stop)
    assert redraws == [4, 8, 12]


def test_idle_worker_stops_without_stepping(model, monkeypatch):
    stop = threading.Event()
    monkeypatch.setattr(controller, "IDLE_WAIT_S", 0.01)
    threading.Timer(0.1, stop.set).start()
    advance(model, StepQueue(), lambda: False, lambda: 0, lambda: 1, stop)
    assert model.day == 0


@pytest.mark.parametrize("when", ["during the play interval", "during a batch"])
def test_pause_stops_at_once_not_one_render_interval_later(model, monkeypatch, when):
    stop, paused, redraws = threading.Event(), threading.Event(), []
    monkeypatch.setattr(controller, "IDLE_WAIT_S", 0.01)
    monkeypatch.setattr(controller, "force_update", lambda: redraws.append(model.day))
    original_step = model.step

    def sleep(seconds: float) -> None:  # the worker waits out the play interval after each redraw
        if when == "during the play interval" and redraws == [4]:
            paused.set()

    def step() -> None:
        original_step()
        if when == "during a batch" and model.day == 6:
            paused.set()

    monkeypatch.setattr(controller, "time", SimpleNamespace(sleep=sleep))
    monkeypatch.setattr(model, "step", step)
    threading.Timer(0.5, stop.set).start()
    advance(model, StepQueue(), lambda: not paused.is_set(), lambda: 1, lambda: 4, stop)
    assert model.day == (4 if when == "during the play interval" else 6)  # not one render interval later


def test_reset_stops_the_old_models_batch_at_once(model, monkeypatch):
    stop = threading.Event()
    monkeypatch.setattr(controller, "force_update", lambda: None)
    original_step = model.step

    def step() -> None:  # Reset is pressed after the first day of a 50-day batch
        original_step()
        stop.set()

    monkeypatch.setattr(model, "step", step)
    advance(model, StepQueue(), lambda: True, lambda: 1, lambda: 50, stop)
    assert model.day == 1
