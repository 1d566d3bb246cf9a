"""The build: one post through every stage (pipeline), with the cache and the processes it runs on."""
