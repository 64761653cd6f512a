"""schemathesis hooks of scripts/fuzz-api.sh: every error answer is RFC 9457
application/problem+json (the documents say so, and clients branch on its `type`); and
the run's demo user logs in itself, again whenever its token is refused (a fuzzed
`logout-all` or deactivation revokes it; access tokens expire)."""

import json
import os
import time
import urllib.error
import urllib.request

import schemathesis


def _integral(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral(v) for v in value]
    return value


@schemathesis.hook
def before_call(context, case, kwargs):
    """An integer is written without a fraction: JSON Schema calls 5.0 an integer, the
    services (serde) refuse it as a float, and no client writes one (README, The API)."""
    if isinstance(case.body, (dict, list)):
        case.body = _integral(case.body)


# A recording upload is bytes: sent as they are, like application/octet-stream.
schemathesis.serializer.alias("audio/wav", "application/octet-stream")


if os.environ.get("TAM_FUZZ_USER"):

    def _login():
        gateway = os.environ["TAM_FUZZ_GATEWAY"]
        request = urllib.request.Request(
            gateway + "/api/v1/auth/login",
            data=json.dumps(
                {
                    "username": os.environ["TAM_FUZZ_USER"],
                    "password": os.environ["TAM_FUZZ_PASSWORD"],
                }
            ).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            token = json.load(response)["access_token"]
        me = urllib.request.Request(gateway + "/api/v1/auth/me", headers={"authorization": f"Bearer {token}"})
        with urllib.request.urlopen(me, timeout=30):
            return token

    @schemathesis.auth(refresh_interval=300, retry_on=[401])
    class DemoUser:
        def get(self, case, ctx):
            # A token issued in the second of a revocation may be refused with the ones
            # before it: log in again until the new one works (it is cached until the next
            # 401, so a refused one would leave the rest of the run tested by refusals).
            for attempt in range(5):
                try:
                    return _login()
                except urllib.error.HTTPError as e:
                    if e.code != 401 or attempt == 4:
                        raise
                    time.sleep(1)

        def set(self, case, data, ctx):
            case.headers = case.headers or {}
            case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.check
def problem_json(ctx, response, case):
    if response.status_code < 400:
        return None
    content_type = ",".join(response.headers.get("content-type", []))
    assert content_type.split(";")[0].strip() == "application/problem+json", (
        f"{response.status_code} answered as {content_type or 'no content type'}, "
        "not application/problem+json"
    )
    body = response.json()
    for field in ("type", "title", "status"):
        assert field in body, f"problem body without {field!r}"
    assert body["status"] == response.status_code, "problem status differs from the HTTP status"
    return None
