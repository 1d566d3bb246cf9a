"""Developer tools, not part of a build: the gallery, visual baselines, the JSON Schema generator."""
