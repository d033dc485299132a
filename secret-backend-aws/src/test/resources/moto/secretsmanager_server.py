"""Runs moto's server for SecretKit's tests, with moto 5.2's deviations from AWS's documented API
that the tests meet corrected, and nothing else changed in what it answers.

It serves moto's Secrets Manager application alone, the one that moto's server (moto.server.main)
hands every request of these tests to after finding the service of each request again among all
of moto's, and it logs no line per request: both cost CPU on every call and change no answer.

1. GetSecretValue without a stage or version, and BatchGetSecretValue, return the AWSCURRENT
   version (AWS API reference). moto answers both from a default version id that
   UpdateSecretVersionStage does not move when it moves AWSCURRENT; the wrapper moves it.
2. ListSecrets takes SortBy (created-date, last-accessed-date, last-changed-date, name) and
   SortOrder (asc, desc). moto ignores both; the wrapper sorts by name when asked to, before
   paging, and leaves moto's order otherwise.
3. ListSecrets answers a NextToken it did not issue with InvalidNextTokenException (HTTP 400).
   moto fails with an internal error (HTTP 500); the wrapper refuses such a token as AWS does.

The server takes connections on many threads, as AWS takes concurrent calls, but moto's backend
is not thread-safe: two writes of one secret at once could fail inside it with an internal error
(HTTP 500) that AWS would not give. Requests are handed to it one at a time, which changes no
answer.
"""
import argparse
import json
import signal
import sys
import threading

from moto.core.exceptions import JsonRESTError
from moto.moto_server.werkzeug_app import create_backend_app
from moto.secretsmanager import models, responses
from werkzeug import serving

_update_secret_version_stage = models.SecretsManagerBackend.update_secret_version_stage


def _update_secret_version_stage_following_awscurrent(self, secret_id, version_stage, remove_from_version_id,
                                                      move_to_version_id):
    result = _update_secret_version_stage(self, secret_id, version_stage, remove_from_version_id,
                                          move_to_version_id)
    if version_stage == "AWSCURRENT" and move_to_version_id:
        self.secrets[secret_id].set_default_version_id(move_to_version_id)
    return result


class InvalidNextTokenException(JsonRESTError):
    code = 400

    def __init__(self):
        super().__init__("InvalidNextTokenException", "The NextToken value is invalid.")


def _list_secrets_sorted(self):
    filters = self._get_param("Filters", if_none=[])
    responses._validate_filters(filters)
    max_results = self._get_int_param("MaxResults") or models.MAX_RESULTS_DEFAULT
    next_token = self._get_param("NextToken")
    if next_token is not None and not next_token.isdigit():
        raise InvalidNextTokenException()
    everything, _ = self.backend.list_secrets(
        filters=filters,
        max_results=sys.maxsize,
        next_token=None,
        include_planned_deletion=self._get_param("IncludePlannedDeletion", if_none=False),
    )
    if self._get_param("SortBy") == "name":
        everything.sort(key=lambda secret: secret["Name"], reverse=self._get_param("SortOrder") == "desc")
    start = int(next_token or 0)
    end = start + int(max_results)
    return json.dumps({"SecretList": everything[start:end], "NextToken": str(end) if end < len(everything) else None})


class _OneAtATime:
    """Hands the requests of every connection's thread to the application one at a time."""

    def __init__(self, application):
        self._application = application
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            return list(self._application(environ, start_response))


models.SecretsManagerBackend.update_secret_version_stage = _update_secret_version_stage_following_awscurrent
responses.SecretsManagerResponse.list_secrets = _list_secrets_sorted

if __name__ == "__main__":
    arguments = argparse.ArgumentParser()
    arguments.add_argument("-H", "--host", default="127.0.0.1")
    arguments.add_argument("-p", "--port", type=int, required=True)
    options = arguments.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    serving.WSGIRequestHandler.log_request = lambda *args, **kwargs: None
    serving.run_simple(options.host, options.port, _OneAtATime(create_backend_app("secretsmanager")), threaded=True)
