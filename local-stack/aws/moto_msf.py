"""moto_server with the MSF (kinesisanalyticsv2) operations moto 5.2.1 lacks.

`local-stack/start aws` runs this instead of plain moto_server, so `./fleetlake deploy --endpoint-url` can be
tried offline end to end (create, then update), and DeployITCase checks the update against it.

moto 5.2.1 implements CreateApplication, DescribeApplication and ListApplications only; it answers
UpdateApplication, StartApplication, StopApplication and ListApplicationSnapshots with an HTML 500
(NotImplementedError). This adds those four to moto's own application model, as the MSF API
reference describes them, so an update can be checked end to end against moto's stored state:
UpdateApplication refuses a stale CurrentApplicationVersionId (ConcurrentModificationException),
replaces only the sections it is given, and bumps ApplicationVersionId. Everything else is moto.

Usage: python3 local-stack/aws/moto_msf.py -H 127.0.0.1 -p PORT   (the same arguments as moto_server)
"""
import json
import sys
from datetime import datetime

from moto.core.exceptions import JsonRESTError
from moto.kinesisanalyticsv2.responses import KinesisAnalyticsV2Response


class ConcurrentModificationException(JsonRESTError):
    code = 400

    def __init__(self, message):
        super().__init__("ConcurrentModificationException", message)


class ResourceNotFoundException(JsonRESTError):
    code = 400

    def __init__(self, message):
        super().__init__("ResourceNotFoundException", message)


def _app(self, name):
    apps = self.kinesisanalyticsv2_backend.applications
    if name not in apps:
        raise ResourceNotFoundException(f"Application {name} not found")
    return apps[name]


def update_application(self):
    p = json.loads(self.body)
    app = _app(self, p["ApplicationName"])
    if p.get("CurrentApplicationVersionId") != app.application_version_id:
        raise ConcurrentModificationException(
            f"CurrentApplicationVersionId {p.get('CurrentApplicationVersionId')} is not the"
            f" application's version {app.application_version_id}")
    conf = app.app_config_description = app.app_config_description or {}
    update = p.get("ApplicationConfigurationUpdate", {})
    env = update.get("EnvironmentPropertyUpdates")
    if env is not None:
        conf["EnvironmentPropertyDescriptions"] = {
            "PropertyGroupDescriptions": env.get("PropertyGroups", [])}
    code = update.get("ApplicationCodeConfigurationUpdate")
    if code is not None:
        loc = code.get("CodeContentUpdate", {}).get("S3ContentLocationUpdate")
        desc = conf.setdefault("ApplicationCodeConfigurationDescription", {})
        if "CodeContentTypeUpdate" in code:
            desc["CodeContentType"] = code["CodeContentTypeUpdate"]
        if loc is not None:
            s3 = desc.setdefault("CodeContentDescription", {}).setdefault(
                "S3ApplicationCodeLocationDescription", {})
            if "BucketARNUpdate" in loc:
                s3["BucketARN"] = loc["BucketARNUpdate"]
            if "FileKeyUpdate" in loc:
                s3["FileKey"] = loc["FileKeyUpdate"]
    par = update.get("FlinkApplicationConfigurationUpdate", {}).get("ParallelismConfigurationUpdate")
    if par is not None:
        d = conf.setdefault("FlinkApplicationConfigurationDescription", {}).setdefault(
            "ParallelismConfigurationDescription", {})
        for k in ("ConfigurationType", "Parallelism", "ParallelismPerKPU", "AutoScalingEnabled"):
            if k + "Update" in par:
                d[k] = par[k + "Update"]
        d["CurrentParallelism"] = d.get("Parallelism", 1)
    app.application_version_id += 1
    app.last_updated_date_time = datetime.now().isoformat()
    return json.dumps({"ApplicationDetail": self.kinesisanalyticsv2_backend.describe_application(
        p["ApplicationName"])})


def start_application(self):
    app = _app(self, json.loads(self.body)["ApplicationName"])
    app.application_status = "RUNNING"
    return json.dumps({})


def stop_application(self):
    app = _app(self, json.loads(self.body)["ApplicationName"])
    app.application_status = "READY"
    return json.dumps({})


def list_application_snapshots(self):
    _app(self, json.loads(self.body)["ApplicationName"])
    return json.dumps({"SnapshotSummaries": []})


KinesisAnalyticsV2Response.update_application = update_application
KinesisAnalyticsV2Response.start_application = start_application
KinesisAnalyticsV2Response.stop_application = stop_application
KinesisAnalyticsV2Response.list_application_snapshots = list_application_snapshots

if __name__ == "__main__":
    from moto.server import main
    sys.exit(main(sys.argv[1:]))
