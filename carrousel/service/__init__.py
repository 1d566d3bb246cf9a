"""`carrousel api`: an HTTP render service (Starlette on uvicorn) over a bounded pool of warm render workers.

config.py holds the limits, upload.py turns a request into a temporary
project, render.py is the job a worker runs, workers.py admits requests to the
pool (429 past the queue), errors.py maps refusals to JSON answers, metrics.py
counts for Prometheus, access.py decides who may call and where it may listen,
and app.py wires the routes.
"""
