"""Engines that run the pipeline over a stream of inputs (local processes, Dask)."""
