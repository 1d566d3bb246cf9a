"""Stage 7, outputs: the files of a built post (preview pages, alt.json, caption) and writing them."""
