"""Sweep folders as data: the job manifests, the collected tables and a running sweep's progress.

The lowest floor of ``experiments``: shared by the sweep (which writes the folders) and the analysis
(which reads them), it imports nothing else of ``experiments`` and never builds a model.
"""
