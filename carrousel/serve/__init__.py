"""The live preview: an HTTP server for output/ and the events that tell an open tab what changed."""
