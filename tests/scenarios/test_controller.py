"""The app's Reset, Play and Step: every press of Step is one day, presses during a redraw included."""

import threading

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
