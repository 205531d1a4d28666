def main() -> None:  # replaced by the real CLI
    raise SystemExit("newsdigest: CLI not built yet")
