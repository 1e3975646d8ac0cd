"""Our exception tree: one base, a category per pipeline stage.

The command line prints ``Category: message`` and exits non-zero; only
exceptions that are not GuideError get a traceback (they are our bugs).
"""


class GuideError(Exception):
    """A problem a clinic or translator can fix; the message says how."""

    category = "Error"

    def __init__(self, message, *, problems=None):
        self.problems = list(problems or [])
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)


class RegionError(GuideError):
    category = "Region data"


class ClinicError(GuideError):
    category = "Clinic file"


class CatalogError(GuideError):
    category = "Translation catalog"


class TemplateError(GuideError):
    category = "Template"


class RenderError(GuideError):
    category = "Rendering"


class OutputError(GuideError):
    category = "Output"


class ProfileError(GuideError):
    category = "Output profile"


class LayoutError(GuideError):
    category = "Layout"


class WorkerError(GuideError):
    """A worker process died or ran out of time while building a pamphlet."""

    category = "Worker"


class InternalError(GuideError):
    """Our own bug: reported once, with the pamphlet's name and the traceback."""

    category = "Internal error (please report it)"
