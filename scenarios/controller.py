"""Reset, Play and Step for the teaching app, where every press of Step is one day.

Mesa's ``ModelController`` steps the model inside the click handler, and the page then redraws in
the thread that handles the browser's messages: a press made while the page redraws (about a
second on a busy machine) waits behind the redraw, and ten quick presses show up one redraw at a
time, seconds after the last one. Here a press only counts itself in a :class:`StepQueue`, which
touches no state that the page draws, so the handler returns at once. One worker thread per model
(Solara's ``use_thread``) takes every queued press, simulates that many days and redraws once, in
its own thread: a press is never lost and never counts twice, and a burst of presses costs one or
two redraws instead of one each. The same worker plays: while the play button is on, it steps
``render_interval`` days per redraw, ``play_interval`` ms apart. The information card shows the
day since the onset (:func:`DayCounter`), as the settings card does, not Mesa's model time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import solara
from mesa.visualization.utils import force_update, update_counter

import sim

PLAY, PAUSE = "▶", "❚❚"
"""Labels of the play button while paused and while playing (Mesa's)."""
IDLE_WAIT_S = 0.1
"""Longest wait of an idle worker for a press before it looks again at the play button and Reset."""


class StepQueue:
    """Presses of Step on one model that the worker has not yet simulated.

    The click handler and the worker thread share it: the count changes under one lock, so every
    press is taken exactly once.

    Examples
    --------
    >>> queue = StepQueue()
    >>> queue.press(); queue.press()
    >>> queue.take_all(), queue.take_all()
    (2, 0)
    """

    def __init__(self) -> None:
        self._pressed = threading.Condition()
        self._waiting = 0

    def press(self) -> None:
        """Count one more press of Step (and wake a waiting worker)."""
        with self._pressed:
            self._waiting += 1
            self._pressed.notify()

    def take_all(self) -> int:
        """Claim every press not yet taken; return how many."""
        with self._pressed:
            taken, self._waiting = self._waiting, 0
            return taken

    def wait(self, timeout: float) -> None:
        """Return when a press is waiting, or after ``timeout`` seconds."""
        with self._pressed:
            self._pressed.wait_for(lambda: self._waiting > 0, timeout)


def advance(
    model: sim.CommunityModel,
    queue: StepQueue,
    playing: Callable[[], bool],
    play_interval: Callable[[], int],
    render_interval: Callable[[], int],
    stop: threading.Event,
) -> None:
    """The worker: simulate the queued presses and redraw once; while playing, step and redraw.

    Parameters
    ----------
    model : sim.CommunityModel
        The model the queue belongs to.
    queue : StepQueue
        Presses of Step on ``model``.
    playing, play_interval, render_interval : callable
        The current state of the play button and of the interval sliders (ms, days per redraw).
    stop : threading.Event
        Set when Reset replaces the model or the page closes.

    Examples
    --------
    >>> model = sim.CommunityModel(sim.load_config("urban_baseline"), **{"community.residents": 100})
    >>> queue, stop = StepQueue(), threading.Event()
    >>> queue.press(); queue.press()
    >>> threading.Timer(0.5, stop.set).start()  # the page closes half a second later
    >>> advance(model, queue, lambda: False, lambda: 200, lambda: 1, stop)
    >>> model.day
    2
    """
    while not stop.is_set():
        pressed = queue.take_all()
        played = 0
        if playing() and model.running:
            time.sleep(play_interval() / 1000)
            played = render_interval() if playing() else 0  # a pause during the sleep stops at once
        days = 0
        for _ in range(pressed + played):
            if stop.is_set() or (days >= pressed and not playing()):
                break  # Reset, or Pause while playing: no more days, not even the rest of this batch
            model.step()
            days += 1
        if days:
            force_update()
        else:
            queue.wait(IDLE_WAIT_S)


@solara.component
def DayController(
    model: solara.Reactive[sim.CommunityModel],
    build: Callable[[], sim.CommunityModel],
    play_interval: solara.Reactive[int],
    render_interval: solara.Reactive[int],
) -> None:
    """Reset, Play/Pause and Step buttons over ``model``, with the worker that steps it.

    Parameters
    ----------
    model : solara.Reactive[sim.CommunityModel]
        The page's model; Reset replaces it with ``build()``.
    build : callable
        A new model from the current settings.
    play_interval, render_interval : solara.Reactive[int]
        Pause between redraws while playing (ms) and days simulated per redraw while playing.
    """
    playing = solara.use_reactive(False)
    current = model.value
    queue = solara.use_memo(StepQueue, [current])

    def work(stop: threading.Event) -> None:
        values = (lambda: playing.value, lambda: play_interval.value, lambda: render_interval.value)
        advance(current, queue, *values, stop)

    worker = solara.use_thread(work, dependencies=[current], intrusive_cancel=False)

    def reset() -> None:
        playing.set(False)
        model.set(build())

    def play_or_pause() -> None:
        playing.set(not playing.value)

    stuck = not current.running
    with solara.Row(justify="space-between"):
        solara.Button(label="Reset", color="primary", on_click=reset)
        label = PAUSE if playing.value else PLAY
        solara.Button(label=label, color="primary", on_click=play_or_pause, disabled=stuck)
        solara.Button(label="Step", color="primary", on_click=queue.press, disabled=playing.value or stuck)
    if worker.error is not None:
        solara.Error(f"error while stepping: {worker.error}")


@solara.component
def DayCounter(model: sim.CommunityModel) -> None:
    """The day since the intervention onset, as ``day N`` (redrawn after every step)."""
    update_counter.get()
    solara.Text(f"day {model.day}")
