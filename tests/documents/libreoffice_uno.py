"""Run by Debian's python3 (which has python3-uno), not by the project's: opens Word documents in
a headless LibreOffice, optionally accepts or rejects every tracked change, and saves the text.

Usage: python3 libreoffice_uno.py PROFILE_DIR JOBS.json — JOBS is a list of
{"docx": path, "action": "none" | "accept" | "reject", "text": path}; it writes beside JOBS.json a
JSON list with the tracked changes LibreOffice found in each document (type, author, date).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name: str, value: object) -> Any:
    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def main(profile: str, jobs_path: str) -> None:
    jobs = json.loads(Path(jobs_path).read_text(encoding="utf-8"))
    pipe = f"avv-test-{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
    )
    try:
        context = connect(pipe)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        results = [run(desktop, dispatcher, job) for job in jobs]
        Path(jobs_path).with_suffix(".out.json").write_text(json.dumps(results), encoding="utf-8")
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


def connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def run(desktop: Any, dispatcher: Any, job: dict[str, str]) -> dict[str, object]:
    url = Path(job["docx"]).resolve().as_uri()
    document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    try:
        changes: list[dict[str, str]] = []
        found = document.getRedlines().createEnumeration()
        while found.hasMoreElements():
            change = found.nextElement()
            stamp = change.RedlineDateTime
            changes.append(
                {
                    "type": change.RedlineType,
                    "author": change.RedlineAuthor,
                    "date": f"{stamp.Year:04d}-{stamp.Month:02d}-{stamp.Day:02d}",
                }
            )
        command = {
            "accept": ".uno:AcceptAllTrackedChanges",
            "reject": ".uno:RejectAllTrackedChanges",
        }
        if job["action"] in command:
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, command[job["action"]], "", 0, ())
        left = document.getRedlines().createEnumeration().hasMoreElements()
        text_url = Path(job["text"]).resolve().as_uri()
        filters = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF"))
        document.storeToURL(text_url, filters)
        return {"changes": changes, "left": left}
    finally:
        document.close(True)


if __name__ == "__main__":
    main(*sys.argv[1:])
