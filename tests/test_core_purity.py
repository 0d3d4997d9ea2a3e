"""The triage core stays plain Python: no Alexa SDK, no AWS, so it runs and tests anywhere in microseconds."""
import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "lambda" / "triage"
FORBIDDEN = ("ask_sdk", "ask_sdk_core", "ask_sdk_model", "boto3", "botocore", "skill", "local")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_the_sdk_or_aws_or_the_transport():
    offenders = {p.name: imported_modules(p) & set(FORBIDDEN) for p in CORE.glob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_and_running_the_core_loads_no_sdk_module():
    code = (
        "import sys; from triage.bank import load_bank; from triage.engine import step; "
        "from triage.state import State; from triage.model import Launch; "
        "step(load_bank(), State(), Launch()); "
        "print(sorted(m for m in sys.modules if m.startswith(('ask_sdk', 'boto'))))"
    )
    lambda_dir = CORE.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=lambda_dir, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
