"""The one diagnostics channel: every stage reports problems as Findings into a Diagnostics sink.

A Finding points at file:line:column with a stable code (Standard Ebooks' ``se lint`` families:
t- typography, s- spelling, c- consistency, r- references, f- figures, x- structure and reading,
l- layout). Reading and resolving report errors and go on, so a failed build lists every problem
at once; a build stops after a stage that reported an error (``Diagnostics.stop_on_errors``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pressroom.errors import BookError, display_path

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Finding:
    file: Path
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"
    page: int | None = field(default=None, compare=False)
    context: str = field(default="", compare=False)  # the sentence or line it is in
    subject: str = field(default="", compare=False)  # what it is about, for tools: an unknown word
    count: int = field(default=1, compare=False)  # how many places it stands for (an unknown word's)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"

    def location(self) -> str:
        """``file:line: message`` as compilers print it (warnings say so)."""
        kind = "" if self.severity == "error" else f"{self.severity}: "
        return f"{display_path(str(self.file))}:{self.line}: {kind}{self.message}"


class BuildFailed(BookError):
    """A stage reported errors: all of them, in the order they were found."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        first = findings[0]
        super().__init__(first.message, first.file, first.line)

    def __str__(self) -> str:
        return "\n".join(finding.location() for finding in self.findings)


class Diagnostics:
    """Collects findings from every stage; ``on_report`` sees each as it comes (the CLI prints
    warnings there, `serve` and `check` keep them)."""

    def __init__(self, on_report: Callable[[Finding], None] | None = None):
        self.findings: list[Finding] = []
        self.on_report = on_report

    def report(self, finding: Finding) -> None:
        if finding in self.findings:
            return
        self.findings.append(finding)
        if self.on_report is not None:
            self.on_report(finding)

    def error(self, code: str, message: str, file: Path | str, line: int | None, column: int = 1) -> None:
        self.report(Finding(Path(file), line or 1, column, code, message, "error"))

    def warning(self, code: str, message: str, file: Path | str, line: int | None, column: int = 1) -> None:
        self.report(Finding(Path(file), line or 1, column, code, message, "warning"))

    def problem(self, error: BookError, code: str = "x-build-error") -> None:
        """A BookError raised by a helper, reported as an error finding."""
        if isinstance(error, BuildFailed):
            for finding in error.findings:
                self.report(finding)
            return
        self.error(code, error.message, error.file or "", error.line)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity != "error"]

    def stop_on_errors(self) -> None:
        """End the build here when anything so far was an error, listing them all."""
        if self.errors:
            raise BuildFailed(self.errors)
