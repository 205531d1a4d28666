"""Progress reporting seam: the CLI shows Rich bars on stderr, library callers see nothing."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Protocol


class Task(Protocol):
    def advance(self, n: int = 1) -> None: ...


class Reporter(Protocol):
    def task(self, description: str, total: int | None) -> "contextmanager[Task]": ...  # type: ignore[valid-type]


class _NullTask:
    def advance(self, n: int = 1) -> None:
        pass


class NullReporter:
    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Task]:
        yield _NullTask()


class RichReporter:
    """Progress bars on stderr (hidden when stderr is not a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=self.console, transient=False, disable=not self.console.is_terminal,
        )

    def __enter__(self) -> "RichReporter":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Task]:
        tid = self.progress.add_task(description, total=total)
        progress = self.progress

        class _T:
            def advance(self, n: int = 1) -> None:
                progress.advance(tid, n)

        try:
            yield _T()
        finally:
            progress.update(tid, completed=total if total is not None else None)
