"""Stage 1, load: post files (YAML or Markdown), project settings and slide kinds, validated into a Post."""
