//! Deployment: the image (`Dockerfile`), `docker-compose.yml` and the Kubernetes
//! manifests (`k8s/`), checked offline with the tools `./scripts/test.sh` installs
//! (`ensure_deploy_tools`): kubectl (kustomize), kubernetes-validate, hadolint, and
//! `docker compose` or `docker-compose`. A missing tool fails the test and says so.
//!
//! "Every service" is the registry ([`tam::SERVICES`]): a service added to it without a
//! compose service, a Deployment, a NetworkPolicy, a database role or a broker user
//! fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;
use tam::link::{self, Direction};
use tam::sites::Place;
use tam_kernel::Site;
use tam_runtime::{Config, ServiceName};

/// The services of the suite, by name.
fn services() -> Vec<&'static str> {
    tam::services()
        .iter()
        .map(|def| def.name.as_str())
        .collect()
}

/// The registered services' names (as typed names).
fn service_names() -> Vec<ServiceName> {
    tam::services().iter().map(|def| def.name).collect()
}

/// The services with a database schema, and that schema (every service but the gateway).
fn schemas() -> BTreeMap<&'static str, &'static str> {
    tam::services()
        .iter()
        .filter_map(|def| def.migrations.map(|m| (def.name.as_str(), m.schema)))
        .collect()
}

/// The operators' kinds, which kubernetes-validate has no schema for: CloudNativePG's
/// cluster, the RabbitMQ cluster, and the messaging topology operator's users, rights,
/// queues, exchanges, bindings and shovels.
const OPERATOR_KINDS: &[(&str, &str)] = &[
    ("Cluster", "postgresql.cnpg.io/v1"),
    ("RabbitmqCluster", "rabbitmq.com/v1beta1"),
    ("User", "rabbitmq.com/v1beta1"),
    ("Permission", "rabbitmq.com/v1beta1"),
    ("TopicPermission", "rabbitmq.com/v1beta1"),
    ("Queue", "rabbitmq.com/v1beta1"),
    ("Exchange", "rabbitmq.com/v1beta1"),
    ("Binding", "rabbitmq.com/v1beta1"),
    ("Shovel", "rabbitmq.com/v1beta1"),
];

/// What the messaging topology operator's CRDs (rabbitmq.com/v1beta1, the operator's
/// api/v1beta1/*_types.go) accept in a kind's spec: its fields, the required ones, and
/// the fields limited to a set of values. kubernetes-validate has no schema for them,
/// so this is their strict check: an unknown field (a typo the API server would prune
/// without a word) or a missing required one fails.
struct TopologyKind {
    kind: &'static str,
    fields: &'static [&'static str],
    required: &'static [&'static str],
    enums: &'static [(&'static str, &'static [&'static str])],
}

const TOPOLOGY_KINDS: &[TopologyKind] = &[
    TopologyKind {
        kind: "User",
        fields: &[
            "tags",
            "rabbitmqClusterReference",
            "importCredentialsSecret",
        ],
        required: &["rabbitmqClusterReference"],
        // No impersonator: the CRD's tags are these.
        enums: &[(
            "tags",
            &["management", "policymaker", "monitoring", "administrator"],
        )],
    },
    TopologyKind {
        kind: "Permission",
        fields: &[
            "user",
            "userReference",
            "vhost",
            "permissions",
            "rabbitmqClusterReference",
        ],
        required: &["vhost", "permissions", "rabbitmqClusterReference"],
        enums: &[],
    },
    TopologyKind {
        kind: "TopicPermission",
        fields: &[
            "user",
            "userReference",
            "vhost",
            "permissions",
            "rabbitmqClusterReference",
        ],
        required: &["vhost", "permissions", "rabbitmqClusterReference"],
        enums: &[],
    },
    TopologyKind {
        kind: "Queue",
        fields: &[
            "name",
            "vhost",
            "type",
            "durable",
            "autoDelete",
            "deleteIfEmpty",
            "deleteIfUnused",
            "arguments",
            "rabbitmqClusterReference",
            "deletionPolicy",
        ],
        required: &["name", "rabbitmqClusterReference"],
        enums: &[("deletionPolicy", &["delete", "retain"])],
    },
    TopologyKind {
        kind: "Exchange",
        fields: &[
            "name",
            "vhost",
            "type",
            "durable",
            "autoDelete",
            "arguments",
            "rabbitmqClusterReference",
        ],
        required: &["name", "rabbitmqClusterReference"],
        enums: &[],
    },
    TopologyKind {
        kind: "Binding",
        fields: &[
            "vhost",
            "source",
            "destination",
            "destinationType",
            "routingKey",
            "arguments",
            "rabbitmqClusterReference",
        ],
        required: &["rabbitmqClusterReference"],
        enums: &[("destinationType", &["exchange", "queue"])],
    },
    TopologyKind {
        kind: "Shovel",
        fields: &[
            "name",
            "vhost",
            "rabbitmqClusterReference",
            "uriSecret",
            "ackMode",
            "prefetchCount",
            "reconnectDelay",
            "addForwardHeaders",
            "deleteAfter",
            "srcDeleteAfter",
            "srcPrefetchCount",
            "destAddForwardHeaders",
            "destAddTimestampHeader",
            "srcQueueArgs",
            "destQueueArgs",
            "destProtocol",
            "destQueue",
            "destExchange",
            "destExchangeKey",
            "destPublishProperties",
            "destAddress",
            "destApplicationProperties",
            "destProperties",
            "destMessageAnnotations",
            "srcProtocol",
            "srcQueue",
            "srcExchange",
            "srcExchangeKey",
            "srcConsumerArgs",
            "srcAddress",
            "deletionPolicy",
        ],
        required: &["name", "rabbitmqClusterReference", "uriSecret"],
        enums: &[
            ("ackMode", &["on-confirm", "on-publish", "no-ack"]),
            ("srcProtocol", &["amqp091", "amqp10"]),
            ("destProtocol", &["amqp091", "amqp10"]),
            ("deletionPolicy", &["delete", "retain"]),
        ],
    },
];

/// What is wrong with a messaging topology object, by its CRD ([`TOPOLOGY_KINDS`]).
fn topology_problems(object: &Value) -> Vec<String> {
    let Some(def) = TOPOLOGY_KINDS.iter().find(|d| d.kind == kind(object)) else {
        return Vec::new();
    };
    let what = format!("{} {}", kind(object), name(object));
    let Some(spec) = object["spec"].as_object() else {
        return vec![format!("{what}: no spec")];
    };
    let mut problems = Vec::new();
    for field in spec.keys() {
        if !def.fields.contains(&field.as_str()) {
            problems.push(format!("{what}: unknown field spec.{field}"));
        }
    }
    for field in def.required {
        if !spec.contains_key(*field) {
            problems.push(format!("{what}: no spec.{field}"));
        }
    }
    for (field, allowed) in def.enums {
        let values: Vec<&Value> = match spec.get(*field) {
            Some(Value::Array(values)) => values.iter().collect(),
            Some(value) => vec![value],
            None => Vec::new(),
        };
        for value in values {
            if !value.as_str().is_some_and(|v| allowed.contains(&v)) {
                problems.push(format!(
                    "{what}: spec.{field} {value} is not one of {allowed:?}"
                ));
            }
        }
    }
    // Every reference names the broker of this place, and a local object by name.
    if str_at(object, "/spec/rabbitmqClusterReference/name") != "tam-broker" {
        problems.push(format!("{what}: not on the RabbitmqCluster tam-broker"));
    }
    for reference in ["userReference", "uriSecret", "importCredentialsSecret"] {
        if let Some(value) = spec.get(reference) {
            if value["name"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{what}: spec.{reference} names nothing"));
            }
        }
    }
    if def.kind == "Shovel" {
        // amqp091 at both ends: a source queue (or exchange) and a destination.
        if spec.get("srcQueue").is_none() && spec.get("srcExchange").is_none() {
            problems.push(format!("{what}: no source queue or exchange"));
        }
        if spec.get("destQueue").is_none() && spec.get("destExchange").is_none() {
            problems.push(format!("{what}: no destination queue or exchange"));
        }
    }
    problems
}

/// The services scaled by a HorizontalPodAutoscaler.
const AUTOSCALED: [&str; 3] = ["gateway", "prospect", "calling"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---- tools ----------------------------------------------------------------------------

/// Where `scripts/lib.sh` keeps the Python tools' virtualenv.
fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TAM_TOOLS_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("tam-tools")
}

/// A tool on PATH, or in the tools virtualenv; a missing one fails the test.
fn tool(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    dirs.push(tools_dir().join("venv").join("bin"));
    dirs.iter()
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not installed (looked on PATH and in {}): run ./scripts/test.sh, \
                 which installs the deployment tools (scripts/lib.sh, ensure_deploy_tools)",
                tools_dir().join("venv/bin").display()
            )
        })
}

/// PATH with the tools' directories first, for scripts that call them.
fn tools_path() -> std::ffi::OsString {
    let mut dirs = vec![tools_dir().join("venv").join("bin")];
    if let Some(dir) = tool("kubectl").parent() {
        dirs.insert(0, dir.to_owned());
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap()
}

/// Runs a command from the workspace root; a failure shows what it printed.
fn run(command: &mut Command) -> Output {
    let shown = format!("{command:?}");
    let output = command
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("running {shown}: {e}"));
    assert!(
        output.status.success(),
        "{shown} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every document of a YAML stream, as JSON values.
fn yaml_documents(text: &str) -> Vec<Value> {
    serde_norway::Deserializer::from_str(text)
        .map(|document| Value::deserialize(document).expect("valid YAML"))
        .filter(|value| !value.is_null())
        .collect()
}

/// A scratch directory of this test process, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("tam-deploy-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- the rendered overlays --------------------------------------------------------------

struct Overlay {
    place: Place,
    yaml: String,
    objects: Vec<Value>,
}

impl Overlay {
    /// `central` or the site's code: the overlay's directory, and its namespace's end.
    fn name(&self) -> &'static str {
        self.place.name()
    }

    /// The services that run here (central's or a site's: tam::link).
    fn services(&self) -> Vec<&'static str> {
        self.place.services().iter().map(|s| s.as_str()).collect()
    }

    fn runs(&self, service: &str) -> bool {
        self.services().contains(&service)
    }
}

/// Central's overlay and every site's, rendered by `kubectl kustomize`, once for all tests.
fn overlays() -> &'static [Overlay] {
    static RENDERED: OnceLock<Vec<Overlay>> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let kubectl = tool("kubectl");
        std::iter::once(Place::Central)
            .chain(Site::ALL.iter().map(|&site| Place::Site(site)))
            .map(|place| {
                let dir = root().join("k8s/overlays").join(place.name());
                assert!(dir.is_dir(), "no overlay for {place}: {}", dir.display());
                let output = run(Command::new(&kubectl).arg("kustomize").arg(&dir));
                let yaml = String::from_utf8(output.stdout).unwrap();
                let objects = yaml_documents(&yaml);
                Overlay {
                    place,
                    yaml,
                    objects,
                }
            })
            .collect()
    })
}

fn central() -> &'static Overlay {
    overlays()
        .iter()
        .find(|o| o.place == Place::Central)
        .expect("central's overlay")
}

/// The six sites' overlays.
fn sites() -> impl Iterator<Item = (Site, &'static Overlay)> {
    overlays().iter().filter_map(|o| match o.place {
        Place::Site(site) => Some((site, o)),
        Place::Central => None,
    })
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn kind(object: &Value) -> &str {
    str_at(object, "/kind")
}

fn name(object: &Value) -> &str {
    str_at(object, "/metadata/name")
}

fn of_kind<'a>(objects: &'a [Value], wanted: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    objects.iter().filter(move |o| kind(o) == wanted)
}

fn find<'a>(objects: &'a [Value], wanted: &str, object_name: &str) -> Option<&'a Value> {
    objects
        .iter()
        .find(|o| kind(o) == wanted && name(o) == object_name)
}

/// The object of that kind and name, or a failure naming the site.
fn get<'a>(overlay: &'a Overlay, wanted: &str, object_name: &str) -> &'a Value {
    find(&overlay.objects, wanted, object_name)
        .unwrap_or_else(|| panic!("{}: no {wanted} named {object_name}", overlay.name()))
}

fn array<'a>(value: &'a Value, pointer: &str) -> &'a [Value] {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The pod spec of a Deployment or a Job.
fn pod_spec(object: &Value) -> &Value {
    object
        .pointer("/spec/template/spec")
        .unwrap_or_else(|| panic!("{} {} has no pod template", kind(object), name(object)))
}

/// Every Secret a pod spec refers to: environment, envFrom, volumes (projected too).
fn pod_secrets(spec: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for container in array(spec, "/containers")
        .iter()
        .chain(array(spec, "/initContainers"))
    {
        for env in array(container, "/env") {
            let secret = str_at(env, "/valueFrom/secretKeyRef/name");
            if !secret.is_empty() {
                names.insert(secret.to_owned());
            }
        }
        for from in array(container, "/envFrom") {
            let secret = str_at(from, "/secretRef/name");
            if !secret.is_empty() {
                names.insert(secret.to_owned());
            }
        }
    }
    for volume in array(spec, "/volumes") {
        let secret = str_at(volume, "/secret/secretName");
        if !secret.is_empty() {
            names.insert(secret.to_owned());
        }
        for source in array(volume, "/projected/sources") {
            let secret = str_at(source, "/secret/name");
            if !secret.is_empty() {
                names.insert(secret.to_owned());
            }
        }
    }
    names
}

/// Whether a NetworkPolicy's pod selector picks the pods of `service`.
fn selects(policy: &Value, service: &str) -> bool {
    str_at(
        policy,
        "/spec/podSelector/matchLabels/app.kubernetes.io~1name",
    ) == service
}

/// Whether a NetworkPolicy peer is the ingress controller's pods in their namespace.
fn is_ingress_controller(peer: &Value) -> bool {
    str_at(
        peer,
        "/namespaceSelector/matchLabels/kubernetes.io~1metadata.name",
    ) == "ingress-nginx"
        && str_at(peer, "/podSelector/matchLabels/app.kubernetes.io~1name") == "ingress-nginx"
}

/// The private IPv4 ranges (RFC 1918), one of which a cluster's pod network is in.
const PRIVATE_RANGES: &[(&str, u8)] = &[("10.0.0.0", 8), ("172.16.0.0", 12), ("192.168.0.0", 16)];

/// Why `TAM_TRUSTED_PROXIES` of a `tam-config` trusts too much: a whole private range
/// (any pod could then write X-Forwarded-For and pick its client address), or a block
/// wider than an ingress controller's handful of pods.
fn too_trusting(data: &BTreeMap<String, String>) -> Option<String> {
    let config = match Config::from_lookup(|variable| data.get(variable).cloned()) {
        Ok(config) => config,
        Err(e) => return Some(e.to_string()),
    };
    for net in &config.trusted_proxies {
        for (range, len) in PRIVATE_RANGES {
            let start: std::net::IpAddr = range.parse().unwrap();
            if net.prefix_len() <= *len && net.contains(&start) {
                return Some(format!("{net} holds all of {range}/{len}"));
            }
        }
        let narrowest = if net.addr().is_ipv4() { 20 } else { 64 };
        if net.prefix_len() < narrowest {
            return Some(format!("{net} is wider than a /{narrowest}"));
        }
    }
    None
}

// ---- Kubernetes -------------------------------------------------------------------------

#[test]
fn the_gateway_trusts_only_its_ingress_controller_which_alone_with_monitoring_reaches_it() {
    // The base (what every cluster shares) trusts no proxy; each cluster names its
    // ingress controller's addresses (components/cluster), narrowly.
    let output = run(Command::new(tool("kubectl"))
        .arg("kustomize")
        .arg(root().join("k8s/base")));
    let base = yaml_documents(&String::from_utf8(output.stdout).unwrap());
    let config = base
        .iter()
        .find(|o| kind(o) == "ConfigMap" && name(o).starts_with("tam-config"))
        .expect("the base's tam-config");
    let data: BTreeMap<String, String> = serde_json::from_value(config["data"].clone()).unwrap();
    assert!(
        data.get("TAM_TRUSTED_PROXIES")
            .is_none_or(|v| v.trim().is_empty()),
        "the base trusts {:?}",
        data.get("TAM_TRUSTED_PROXIES")
    );
    // A pod network, the way the base used to trust it, is refused by the check.
    let pod_network: BTreeMap<String, String> =
        [("TAM_TRUSTED_PROXIES".to_owned(), "10.0.0.0/8".to_owned())].into();
    assert!(too_trusting(&pod_network).is_some());

    for overlay in overlays() {
        let site = overlay.name();
        let config = of_kind(&overlay.objects, "ConfigMap")
            .find(|c| name(c).starts_with("tam-config"))
            .unwrap();
        let data: BTreeMap<String, String> =
            serde_json::from_value(config["data"].clone()).unwrap();
        let trusted = data
            .get("TAM_TRUSTED_PROXIES")
            .map(String::as_str)
            .unwrap_or("");
        assert!(
            !trusted.trim().is_empty(),
            "{site}: no ingress controller address is trusted"
        );
        assert_eq!(
            too_trusting(&data),
            None,
            "{site}: TAM_TRUSTED_PROXIES={trusted}"
        );

        // Only the ingress controller's pods and Prometheus reach the gateway.
        let gateway = get(overlay, "NetworkPolicy", "gateway");
        let rules = array(gateway, "/spec/ingress");
        assert!(!rules.is_empty(), "{site}: the gateway takes no traffic");
        let mut from_ingress = false;
        for rule in rules {
            let from = array(rule, "/from");
            assert!(
                !from.is_empty(),
                "{site}: the gateway takes traffic from anyone: {rule}"
            );
            for peer in from {
                let monitoring = str_at(
                    peer,
                    "/namespaceSelector/matchLabels/kubernetes.io~1metadata.name",
                ) == "monitoring";
                from_ingress |= is_ingress_controller(peer);
                assert!(
                    is_ingress_controller(peer) || monitoring,
                    "{site}: the gateway takes traffic from {peer}"
                );
            }
        }
        assert!(
            from_ingress,
            "{site}: the ingress controller cannot reach the gateway"
        );
    }
}

#[test]
fn every_overlay_renders_and_passes_the_kubernetes_schemas() {
    let validate = tool("kubernetes-validate");
    let scratch = Scratch::new("k8s");
    let mut files = Vec::new();
    for overlay in overlays() {
        assert!(
            overlay.objects.len() > 20,
            "{}: only {} objects rendered",
            overlay.name(),
            overlay.objects.len()
        );
        let file = scratch.0.join(format!("{}.yaml", overlay.name()));
        std::fs::write(&file, &overlay.yaml).unwrap();
        files.push(file);
    }
    let output = Command::new(&validate)
        .arg("--strict")
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", validate.display()));
    let report = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let problems: Vec<&str> = report.lines().filter(|l| !l.starts_with("INFO")).collect();
    assert!(
        output.status.success(),
        "kubernetes-validate --strict failed:\n{}",
        problems.join("\n")
    );
    // A kind without a bundled schema only warns: only the operators' resources may be
    // such (a mistyped apiVersion of a built-in kind would otherwise slip through).
    for line in problems.iter().filter(|l| l.contains("find schema")) {
        assert!(
            OPERATOR_KINDS
                .iter()
                .any(|(kind, api)| line.contains(&format!("kind {kind} with api version {api} "))),
            "an object of a kind with no schema: {line}"
        );
    }
    let passed = report
        .lines()
        .filter(|l| l.contains(" passed for "))
        .count();
    let total: usize = overlays().iter().map(|o| o.objects.len()).sum();
    let operators: usize = overlays()
        .iter()
        .flat_map(|o| &o.objects)
        .filter(|o| {
            OPERATOR_KINDS
                .iter()
                .any(|(k, api)| kind(o) == *k && str_at(o, "/apiVersion") == *api)
        })
        .count();
    // Every object was checked: all passed but the operators' resources.
    assert_eq!(
        passed + operators,
        total,
        "not every object was validated:\n{}",
        problems.join("\n")
    );
    // The messaging topology operator's resources against their CRDs' fields.
    let topology: Vec<String> = overlays()
        .iter()
        .flat_map(|o| {
            o.objects
                .iter()
                .filter(|object| str_at(object, "/apiVersion") == "rabbitmq.com/v1beta1")
                .flat_map(move |object| {
                    topology_problems(object)
                        .into_iter()
                        .map(move |p| format!("{}: {p}", o.name()))
                })
        })
        .collect();
    assert!(topology.is_empty(), "{}", topology.join("\n"));
}

#[test]
fn the_topology_check_refuses_unknown_fields_missing_ones_and_values_outside_the_crd() {
    let shovel = serde_json::json!({
        "kind": "Shovel",
        "metadata": {"name": "s"},
        "spec": {
            "name": "s",
            "rabbitmqClusterReference": {"name": "tam-broker"},
            "srcQueu": "typo",
            "destExchange": "tam.events",
            "ackMode": "on-confirmed",
        }
    });
    let problems = topology_problems(&shovel).join("\n");
    for expected in [
        "unknown field spec.srcQueu",
        "no spec.uriSecret",
        "spec.ackMode",
        "no source queue",
    ] {
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
    let user = serde_json::json!({
        "kind": "User",
        "metadata": {"name": "u"},
        "spec": {"tags": ["impersonator"], "rabbitmqClusterReference": {"name": "tam-broker"}}
    });
    assert!(topology_problems(&user).join("").contains("spec.tags"));
}

#[test]
fn every_service_has_a_deployment_service_budget_and_network_policy_where_it_runs() {
    // Every registered service runs somewhere: at central or at every site.
    let placed: BTreeSet<&str> = link::CENTRAL_SERVICES
        .iter()
        .chain(link::SITE_SERVICES)
        .map(|s| s.as_str())
        .collect();
    assert_eq!(placed, services().into_iter().collect::<BTreeSet<_>>());
    for overlay in overlays() {
        let site = overlay.name();
        let deployments: BTreeSet<&str> =
            of_kind(&overlay.objects, "Deployment").map(name).collect();
        let expected: BTreeSet<&str> = overlay.services().into_iter().collect();
        assert_eq!(deployments, expected, "{site}: Deployments");
        for service in overlay.services() {
            let deployment = get(overlay, "Deployment", service);
            let container = &array(pod_spec(deployment), "/containers")[0];
            let args: Vec<&str> = array(container, "/args")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(args, ["serve", service], "{site}: {service}'s command");
            let port = service_names()
                .into_iter()
                .find(|s| s.as_str() == service)
                .unwrap()
                .default_port();
            assert_eq!(
                container.pointer("/ports/0/containerPort"),
                Some(&Value::from(port)),
                "{site}: {service}'s port"
            );
            let svc = get(overlay, "Service", service);
            assert_eq!(svc.pointer("/spec/ports/0/port"), Some(&Value::from(port)));
            // Metrics and the detailed readiness are on the admin port, which Prometheus
            // scrapes; the Service (what the gateway and the ingress reach) has no admin port.
            let admin = service_names()
                .into_iter()
                .find(|s| s.as_str() == service)
                .unwrap()
                .default_admin_port();
            let admin_port = array(container, "/ports")
                .iter()
                .find(|p| p["name"] == "admin")
                .unwrap_or_else(|| panic!("{site}: {service} has no admin port"));
            assert_eq!(admin_port["containerPort"], Value::from(admin));
            assert_eq!(
                str_at(
                    deployment,
                    "/spec/template/metadata/annotations/prometheus.io~1port"
                ),
                admin.to_string(),
                "{site}: Prometheus scrapes {service}'s admin port"
            );
            assert!(
                array(svc, "/spec/ports").iter().all(|p| p["port"] != admin),
                "{site}: {service}'s Service exposes the admin port"
            );
            let budget = get(overlay, "PodDisruptionBudget", service);
            assert_eq!(
                str_at(budget, "/spec/selector/matchLabels/app.kubernetes.io~1name"),
                service
            );
            assert!(
                of_kind(&overlay.objects, "NetworkPolicy").any(|p| selects(p, service)),
                "{site}: no NetworkPolicy selects {service}"
            );
            let autoscaler = find(&overlay.objects, "HorizontalPodAutoscaler", service);
            if AUTOSCALED.contains(&service) {
                let autoscaler =
                    autoscaler.unwrap_or_else(|| panic!("{site}: {service} has no autoscaler"));
                assert_eq!(str_at(autoscaler, "/spec/scaleTargetRef/name"), service);
                let min = autoscaler["spec"]["minReplicas"].as_u64().unwrap();
                let max = autoscaler["spec"]["maxReplicas"].as_u64().unwrap();
                assert!(
                    min >= 2 && max > min,
                    "{site}: {service} scales {min}..{max}"
                );
                // The autoscaler owns the count; a fixed one would be reset at every apply.
                assert!(
                    deployment.pointer("/spec/replicas").is_none(),
                    "{site}: {service} has an autoscaler and a fixed replica count"
                );
            } else {
                assert!(autoscaler.is_none(), "{site}: {service} is not autoscaled");
                // Two at least, so that the disruption budget lets a node drain.
                let replicas = deployment["spec"]["replicas"].as_u64().unwrap_or(1);
                assert!(
                    replicas >= 2,
                    "{site}: {service} runs {replicas} replica(s)"
                );
            }
        }
    }
}

#[test]
fn every_deployment_has_probes_resources_a_non_root_read_only_context_and_a_pinned_image() {
    for overlay in overlays() {
        let site = overlay.name();
        let workloads =
            of_kind(&overlay.objects, "Deployment").chain(of_kind(&overlay.objects, "Job"));
        for workload in workloads {
            let what = format!("{site}: {} {}", kind(workload), name(workload));
            let spec = pod_spec(workload);
            assert_eq!(
                spec["automountServiceAccountToken"],
                Value::Bool(false),
                "{what}"
            );
            let pod_non_root = spec["securityContext"]["runAsNonRoot"] == Value::Bool(true);
            let containers = array(spec, "/containers");
            assert!(!containers.is_empty(), "{what}: no containers");
            for container in containers {
                let context = &container["securityContext"];
                assert!(
                    pod_non_root || context["runAsNonRoot"] == Value::Bool(true),
                    "{what}: may run as root"
                );
                for user in [&spec["securityContext"]["runAsUser"], &context["runAsUser"]] {
                    assert_ne!(user, &Value::from(0), "{what}: runs as uid 0");
                }
                assert_eq!(
                    context["readOnlyRootFilesystem"],
                    Value::Bool(true),
                    "{what}"
                );
                assert_eq!(
                    context["allowPrivilegeEscalation"],
                    Value::Bool(false),
                    "{what}"
                );
                assert_eq!(
                    context["capabilities"]["drop"],
                    serde_json::json!(["ALL"]),
                    "{what}"
                );
                for resource in ["requests", "limits"] {
                    for of in ["cpu", "memory"] {
                        assert!(
                            container["resources"][resource][of].is_string(),
                            "{what}: no {resource}.{of}"
                        );
                    }
                }
                let image = str_at(container, "/image");
                let last = image.rsplit('/').next().unwrap_or("");
                let tag = last.split_once(':').map(|(_, tag)| tag).unwrap_or("");
                assert!(
                    image.contains("@sha256:") || (!tag.is_empty() && tag != "latest"),
                    "{what}: image {image:?} is not pinned to a tag"
                );
                if kind(workload) == "Deployment" {
                    for probe in ["startupProbe", "livenessProbe", "readinessProbe"] {
                        assert_eq!(
                            str_at(container, &format!("/{probe}/httpGet/port")),
                            "admin",
                            "{what}: {probe} on the admin port"
                        );
                    }
                    assert_eq!(
                        str_at(container, "/livenessProbe/httpGet/path"),
                        "/health/live",
                        "{what}: liveness probe"
                    );
                    assert_eq!(
                        str_at(container, "/readinessProbe/httpGet/path"),
                        "/health/ready",
                        "{what}: readiness probe"
                    );
                }
            }
            if kind(workload) == "Deployment" {
                // In-flight requests get TAM_SHUTDOWN_TIMEOUT_SECS (30) after SIGTERM.
                let grace = spec["terminationGracePeriodSeconds"].as_u64().unwrap_or(30);
                assert!(grace > 30, "{what}: {grace}s to stop");
            }
        }
    }
}

/// Where a site's services reach central's (the Services of the namespace tam-central).
fn central_url(service: ServiceName) -> String {
    format!(
        "http://{service}.tam-central.svc:{}",
        service.default_port()
    )
}

/// The tam-config a place's pods read.
fn tam_config(overlay: &Overlay) -> BTreeMap<String, String> {
    let configs: Vec<&Value> = of_kind(&overlay.objects, "ConfigMap")
        .filter(|c| name(c).starts_with("tam-config"))
        .collect();
    assert_eq!(configs.len(), 1, "{}: one tam-config", overlay.name());
    serde_json::from_value(configs[0]["data"].clone()).unwrap()
}

#[test]
fn each_overlay_sets_its_namespace_site_programs_host_and_where_central_is() {
    for overlay in overlays() {
        let site = overlay.name();
        let namespace = format!("tam-{site}");
        assert!(
            find(&overlay.objects, "Namespace", &namespace).is_some(),
            "{site}: no Namespace {namespace}"
        );
        for object in &overlay.objects {
            if kind(object) != "Namespace" {
                assert_eq!(
                    str_at(object, "/metadata/namespace"),
                    namespace,
                    "{site}: {} {}",
                    kind(object),
                    name(object)
                );
            }
        }
        let data = tam_config(overlay);
        // What the pods read parses as the suite's configuration.
        let config = Config::from_lookup(|variable| data.get(variable).cloned())
            .unwrap_or_else(|e| panic!("{site}: tam-config: {e}"));
        assert_eq!(config.host, "0.0.0.0");
        match overlay.place {
            Place::Central => {
                // Every site: no site, no program filter.
                assert_eq!(config.site, None, "central serves every site");
                assert!(data.get("TAM_PROGRAMS").is_none_or(|p| p.is_empty()));
                // It signs the tokens; it fetches no one's keys.
                assert!(!data.contains_key("TAM_JWKS_URL"), "central has a JWKS URL");
                for service in link::CENTRAL_SERVICES
                    .iter()
                    .filter(|s| **s != ServiceName::Gateway)
                {
                    assert_eq!(
                        config.service_url(*service),
                        format!("http://{service}:{}", service.default_port()),
                        "central: where its gateway reaches {service}"
                    );
                }
                let labels = &get(overlay, "Namespace", &namespace)["metadata"]["labels"];
                assert!(
                    labels.get("tam.example/site").is_none(),
                    "central's namespace is not a site's (the link policies select sites by that label)"
                );
            }
            Place::Site(s) => {
                assert_eq!(config.site, Some(s));
                let programs: Vec<&str> = s.programs().iter().map(|p| p.as_str()).collect();
                assert_eq!(
                    data.get("TAM_PROGRAMS").map(String::as_str),
                    Some(programs.join(",").as_str()),
                    "{site}: the programs DOMAIN.md's table gives the site"
                );
                assert_eq!(config.programs, s.programs());
                assert_eq!(
                    str_at(
                        get(overlay, "Namespace", &namespace),
                        "/metadata/labels/tam.example~1site"
                    ),
                    site
                );
                // The site's own services locally, central's at central.
                for service in service_names()
                    .into_iter()
                    .filter(|s| *s != ServiceName::Gateway)
                {
                    let expected = if overlay.runs(service.as_str()) {
                        format!("http://{service}:{}", service.default_port())
                    } else {
                        central_url(service)
                    };
                    assert_eq!(
                        config.service_url(service),
                        expected,
                        "{site}: where the gateway reaches {service}"
                    );
                }
                // Central hr's keys, from its JWKS, cached where the keys would be.
                assert_eq!(
                    data.get("TAM_JWKS_URL").map(String::as_str),
                    Some(format!("{}/api/v1/auth/jwks", central_url(ServiceName::Hr)).as_str()),
                    "{site}: TAM_JWKS_URL"
                );
                let cache = data
                    .get("TAM_JWKS_CACHE_FILE")
                    .map(String::as_str)
                    .unwrap_or("");
                let dir = data
                    .get("TAM_JWT_KEYS_DIR")
                    .map(String::as_str)
                    .unwrap_or("");
                assert!(
                    !dir.is_empty() && cache.starts_with(&format!("{dir}/")),
                    "{site}: the JWKS cache {cache} is not in TAM_JWT_KEYS_DIR {dir}"
                );
            }
        }
        let ingress = get(overlay, "Ingress", "gateway");
        let host = str_at(ingress, "/spec/rules/0/host");
        assert!(
            host.starts_with(&format!("{site}.")),
            "{site}: ingress host {host}"
        );
        assert_eq!(str_at(ingress, "/spec/tls/0/hosts/0"), host);
        assert_eq!(
            str_at(ingress, "/spec/rules/0/http/paths/0/backend/service/name"),
            "gateway"
        );
    }
    let hosts: BTreeSet<&str> = overlays()
        .iter()
        .map(|o| str_at(get(o, "Ingress", "gateway"), "/spec/rules/0/host"))
        .collect();
    assert_eq!(hosts.len(), overlays().len(), "one host per place");
    assert!(hosts.contains("central.tam.example"));
}

#[test]
fn only_the_gateway_takes_traffic_from_outside_and_services_reach_only_their_backends() {
    for overlay in overlays() {
        let site = overlay.name();
        let deny = get(overlay, "NetworkPolicy", "default-deny");
        assert_eq!(
            str_at(
                deny,
                "/spec/podSelector/matchLabels/app.kubernetes.io~1part-of"
            ),
            "tam"
        );
        assert_eq!(
            deny["spec"]["policyTypes"],
            serde_json::json!(["Ingress", "Egress"])
        );
        assert!(deny["spec"].get("ingress").is_none() && deny["spec"].get("egress").is_none());
        for policy in of_kind(&overlay.objects, "NetworkPolicy") {
            let what = format!("{site}: NetworkPolicy {}", name(policy));
            // The broker's pods, and the link between places: the next test.
            if selects(policy, "tam-broker") {
                continue;
            }
            for rule in array(policy, "/spec/ingress") {
                let from = array(rule, "/from");
                if from.iter().any(|peer| other_place(peer).is_some()) {
                    continue;
                }
                if from.is_empty() || from.iter().any(|peer| peer.get("ipBlock").is_some()) {
                    assert!(
                        selects(policy, "gateway"),
                        "{what} takes traffic from outside"
                    );
                    continue;
                }
                for peer in from {
                    let gateway = str_at(peer, "/podSelector/matchLabels/app.kubernetes.io~1name")
                        == "gateway"
                        && peer.get("namespaceSelector").is_none();
                    let prometheus = str_at(
                        peer,
                        "/namespaceSelector/matchLabels/kubernetes.io~1metadata.name",
                    ) == "monitoring";
                    let ingress_controller =
                        selects(policy, "gateway") && is_ingress_controller(peer);
                    assert!(
                        gateway || prometheus || ingress_controller,
                        "{what}: ingress from {peer}"
                    );
                }
            }
            for rule in array(policy, "/spec/egress") {
                for peer in array(rule, "/to") {
                    if other_place(peer).is_some() {
                        continue;
                    }
                    let labels = &peer["podSelector"]["matchLabels"];
                    let allowed = labels["cnpg.io/cluster"] == "tam-db"
                        || labels["app.kubernetes.io/name"] == "tam-broker"
                        || labels["k8s-app"] == "kube-dns"
                        || (selects(policy, "gateway") && peer.get("podSelector").is_some())
                        || (selects(policy, "calling") && peer.get("ipBlock").is_some());
                    assert!(allowed, "{what}: egress to {peer}");
                }
            }
        }
        // The gateway may reach every other service of its place, on its port.
        let gateway = get(overlay, "NetworkPolicy", "gateway");
        for service in service_names()
            .into_iter()
            .filter(|s| *s != ServiceName::Gateway && overlay.runs(s.as_str()))
        {
            let reaches = array(gateway, "/spec/egress").iter().any(|rule| {
                let port = u64::from(service.default_port());
                let ports = array(rule, "/ports").iter().any(|p| {
                    let first = p["port"].as_u64().unwrap_or(0);
                    let last = p["endPort"].as_u64().unwrap_or(first);
                    (first..=last).contains(&port)
                });
                let pods = array(rule, "/to").iter().any(|peer| {
                    array(peer, "/podSelector/matchExpressions")
                        .iter()
                        .any(|e| {
                            str_at(e, "/key") == "app.kubernetes.io/name"
                                && array(e, "/values").contains(&Value::from(service.as_str()))
                        })
                });
                ports && pods
            });
            assert!(reaches, "{site}: the gateway may not reach {service}");
        }
        assert!(
            of_kind(&overlay.objects, "NetworkPolicy").any(|p| selects(p, "migrate")),
            "{site}: the migrate Job has no NetworkPolicy"
        );
    }
}

/// The namespaces of the cluster's own machinery, which the base's policies name.
const CLUSTER_NAMESPACES: [&str; 4] = [
    "kube-system",
    "monitoring",
    "ingress-nginx",
    "rabbitmq-system",
];

/// The other TAM place a NetworkPolicy peer is in: `central` (its namespace by name) or
/// `sites` (every namespace labelled tam.example/site); None for this namespace and the
/// cluster's machinery.
fn other_place(peer: &Value) -> Option<String> {
    let namespaces = peer.get("namespaceSelector")?;
    let by_name = str_at(namespaces, "/matchLabels/kubernetes.io~1metadata.name");
    if CLUSTER_NAMESPACES.contains(&by_name) {
        return None;
    }
    if by_name == "tam-central" {
        return Some("central".into());
    }
    let sites = array(namespaces, "/matchExpressions")
        .iter()
        .any(|e| str_at(e, "/key") == "tam.example/site" && str_at(e, "/operator") == "Exists")
        && namespaces.get("matchLabels").is_none();
    Some(if sites {
        "sites".into()
    } else {
        format!("{namespaces}")
    })
}

/// The pods a selector picks, by their app.kubernetes.io/name (sorted, joined by `,`).
fn pod_names(selector: &Value) -> String {
    let mut names: Vec<&str> = Vec::new();
    let by_label = str_at(selector, "/matchLabels/app.kubernetes.io~1name");
    if !by_label.is_empty() {
        names.push(by_label);
    }
    for expression in array(selector, "/matchExpressions") {
        if str_at(expression, "/key") == "app.kubernetes.io/name" {
            names.extend(
                array(expression, "/values")
                    .iter()
                    .filter_map(Value::as_str),
            );
        }
    }
    names.sort();
    names.join(",")
}

/// Every flow between TAM places a place's policies allow, one line each:
/// `<pods here> <- <place>:<pods there> :<ports>` (ingress) or `->` (egress).
fn cross_place_flows(overlay: &Overlay) -> BTreeSet<String> {
    let mut flows = BTreeSet::new();
    for policy in of_kind(&overlay.objects, "NetworkPolicy") {
        let here = pod_names(&policy["spec"]["podSelector"]);
        for (direction, rules, peers) in [
            ("<-", "/spec/ingress", "/from"),
            ("->", "/spec/egress", "/to"),
        ] {
            for rule in array(policy, rules) {
                let ports: Vec<String> = array(rule, "/ports")
                    .iter()
                    .map(|p| match &p["port"] {
                        Value::String(named) => named.clone(),
                        number => number.to_string(),
                    })
                    .collect();
                for peer in array(rule, peers) {
                    if let Some(place) = other_place(peer) {
                        let there = pod_names(&peer["podSelector"]);
                        flows.insert(format!(
                            "{here} {direction} {place}:{there} :{}",
                            ports.join(",")
                        ));
                    }
                }
            }
        }
    }
    flows
}

#[test]
fn the_network_policies_allow_exactly_the_link_between_central_and_the_sites() {
    // Central: the sites' brokers both ways on AMQP (each place's shovel reads the other's
    // link queue), the sites' gateways to hr, helpdesk and reporting (the routes they
    // proxy), the site services to hr (its JWKS). Central reaches no site service.
    let expected: BTreeSet<String> = [
        "tam-broker <- sites:tam-broker :5672",
        "tam-broker -> sites:tam-broker :5672",
        "hr <- sites:calling,gateway,prospect,quality :http",
        "helpdesk <- sites:gateway :http",
        "reporting <- sites:gateway :http",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(cross_place_flows(central()), expected, "central");
    for (site, overlay) in sites() {
        let expected: BTreeSet<String> = [
            "tam-broker <- central:tam-broker :5672",
            "tam-broker -> central:tam-broker :5672",
            "gateway -> central:helpdesk,hr,reporting :8081,8085,8086",
            "calling,gateway,prospect,quality -> central:hr :8081",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(cross_place_flows(overlay), expected, "{site}");
    }
    // The ports are central's services' own.
    for service in [
        ServiceName::Hr,
        ServiceName::Helpdesk,
        ServiceName::Reporting,
    ] {
        let svc = get(central(), "Service", service.as_str());
        assert_eq!(
            svc.pointer("/spec/ports/0/port"),
            Some(&Value::from(service.default_port()))
        );
    }
    // The broker's pods take and send nothing else: their peers, this place's TAM pods
    // (AMQP), the operators (the management API) and Prometheus; DNS.
    for overlay in overlays() {
        let place = overlay.name();
        let broker = get(overlay, "NetworkPolicy", "broker");
        assert_eq!(
            broker["spec"]["policyTypes"],
            serde_json::json!(["Ingress", "Egress"])
        );
        let mut ingress = BTreeSet::new();
        for rule in array(broker, "/spec/ingress") {
            let ports: Vec<String> = array(rule, "/ports")
                .iter()
                .map(|p| p["port"].to_string())
                .collect();
            for peer in array(rule, "/from") {
                let namespace = str_at(
                    peer,
                    "/namespaceSelector/matchLabels/kubernetes.io~1metadata.name",
                );
                let pods = str_at(peer, "/podSelector/matchLabels/app.kubernetes.io~1name");
                let part_of = str_at(peer, "/podSelector/matchLabels/app.kubernetes.io~1part-of");
                ingress.insert(format!("{namespace}/{pods}{part_of} :{}", ports.join(",")));
            }
        }
        assert_eq!(
            ingress,
            [
                "/tam-broker :",
                "/tam :5672",
                "rabbitmq-system/ :15672",
                "monitoring/prometheus :15692"
            ]
            .into_iter()
            .map(String::from)
            .collect::<BTreeSet<_>>(),
            "{place}: who reaches the broker"
        );
        for rule in array(broker, "/spec/egress") {
            for peer in array(rule, "/to") {
                let labels = &peer["podSelector"]["matchLabels"];
                assert!(
                    labels["app.kubernetes.io/name"] == "tam-broker"
                        && peer.get("namespaceSelector").is_none()
                        || labels["k8s-app"] == "kube-dns",
                    "{place}: the broker reaches {peer}"
                );
            }
        }
    }
}

#[test]
fn each_service_has_its_own_database_role_and_only_central_hr_holds_the_signing_key() {
    let schemas = schemas();
    for overlay in overlays() {
        let site = overlay.name();
        let central = overlay.place == Place::Central;
        // A site holds no key at all: its services fetch central hr's public keys.
        assert_eq!(
            overlay.yaml.contains("tam-jwt-signing"),
            central,
            "{site}: the signing key is central's alone"
        );
        assert_eq!(overlay.yaml.contains("tam-jwt-public"), central, "{site}");
        for service in overlay.services() {
            let secrets = pod_secrets(pod_spec(get(overlay, "Deployment", service)));
            let databases: Vec<&String> = secrets
                .iter()
                .filter(|s| s.starts_with("tam-db-"))
                .collect();
            match schemas.get(service) {
                Some(schema) => assert_eq!(
                    databases,
                    [&format!("tam-db-{schema}")],
                    "{site}: {service}'s database credentials"
                ),
                None => assert!(databases.is_empty(), "{site}: {service} has no database"),
            }
            assert_eq!(
                secrets.contains("tam-jwt-public"),
                central,
                "{site}: {service}'s public keys"
            );
            assert_eq!(
                secrets.contains("tam-jwt-signing"),
                service == "hr",
                "{site}: only hr mounts the signing key ({service})"
            );
            // Every pod has the keys directory: the mounted keys at central, the JWKS
            // cache (an emptyDir, writable) at a site.
            let keys = array(pod_spec(get(overlay, "Deployment", service)), "/volumes")
                .iter()
                .find(|v| v["name"] == "jwt-keys")
                .unwrap_or_else(|| panic!("{site}: {service} has no jwt-keys volume"));
            assert_eq!(
                keys.get("emptyDir").is_some(),
                !central,
                "{site}: {service}'s keys"
            );
        }
        let migrate = pod_secrets(pod_spec(get(overlay, "Job", "migrate")));
        // The schemas' owner, and the broker user that declares the event topology.
        assert_eq!(
            migrate.iter().collect::<Vec<_>>(),
            ["tam-broker-migrate", "tam-db-migrator"],
            "{site}: the migrate Job's secrets"
        );
    }
}

#[test]
fn the_operators_declare_the_database_roles_and_a_three_node_quorum_broker() {
    let schemas = schemas();
    let roles_sql = std::fs::read_to_string(root().join("k8s/base/postgres/roles.sql")).unwrap();
    for overlay in overlays() {
        let site = overlay.name();
        let cluster = get(overlay, "Cluster", "tam-db");
        assert_eq!(str_at(cluster, "/apiVersion"), "postgresql.cnpg.io/v1");
        assert!(
            cluster["spec"]["instances"].as_u64().unwrap_or(0) >= 3,
            "{site}"
        );
        assert_eq!(str_at(cluster, "/spec/bootstrap/initdb/database"), "tam");
        assert_eq!(str_at(cluster, "/spec/bootstrap/initdb/owner"), "tam");
        assert_eq!(
            str_at(cluster, "/spec/bootstrap/initdb/secret/name"),
            "tam-db-migrator"
        );
        let sql_ref = &array(
            cluster,
            "/spec/bootstrap/initdb/postInitApplicationSQLRefs/configMapRefs",
        )[0];
        let sql_map = get(overlay, "ConfigMap", str_at(sql_ref, "/name"));
        assert_eq!(
            str_at(sql_map, &format!("/data/{}", str_at(sql_ref, "/key"))),
            roles_sql,
            "{site}: the SQL CloudNativePG runs is roles.sql"
        );
        let roles: BTreeMap<&str, &str> = array(cluster, "/spec/managed/roles")
            .iter()
            .map(|r| (str_at(r, "/name"), str_at(r, "/passwordSecret/name")))
            .collect();
        // The roles of the services that run here; the others' stay NOLOGIN.
        let expected: BTreeMap<String, String> = schemas
            .iter()
            .filter(|(service, _)| overlay.runs(service))
            .map(|(_, schema)| (format!("tam_{schema}"), format!("tam-db-{schema}")))
            .collect();
        let roles: BTreeMap<String, String> = roles
            .into_iter()
            .map(|(r, s)| (r.to_owned(), s.to_owned()))
            .collect();
        assert_eq!(
            roles, expected,
            "{site}: one managed role per schema used here"
        );
        for role in array(cluster, "/spec/managed/roles") {
            assert_eq!(role["login"], Value::Bool(true));
            assert!(role
                .get("superuser")
                .is_none_or(|v| v == &Value::Bool(false)));
        }

        let broker = get(overlay, "RabbitmqCluster", "tam-broker");
        assert_eq!(str_at(broker, "/apiVersion"), "rabbitmq.com/v1beta1");
        assert_eq!(broker["spec"]["replicas"], Value::from(3), "{site}");
        assert!(
            str_at(broker, "/spec/rabbitmq/additionalConfig")
                .contains("default_queue_type = quorum"),
            "{site}: quorum queues by default"
        );
        // The link: the shovel plugin (its management part shows the shovels' state).
        let plugins: Vec<&str> = array(broker, "/spec/rabbitmq/additionalPlugins")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for plugin in ["rabbitmq_shovel", "rabbitmq_shovel_management"] {
            assert!(plugins.contains(&plugin), "{site}: no {plugin}");
        }
    }
    for schema in schemas.values() {
        assert!(
            roles_sql.contains(&format!("'{schema}'")),
            "roles.sql does not create schema {schema} and its role"
        );
    }
}

#[test]
fn each_service_has_its_own_broker_user_allowed_only_its_own_queue_and_routing_keys() {
    for overlay in overlays() {
        let site = overlay.name();
        let config = of_kind(&overlay.objects, "ConfigMap")
            .find(|c| name(c).starts_with("tam-config"))
            .unwrap();
        assert_eq!(
            str_at(config, "/data/TAM_ENV"),
            "production",
            "{site}: production mode"
        );
        let prefix = str_at(config, "/data/TAM_EVENT_PREFIX");
        // No broker user for a service that does not run here.
        for service in service_names()
            .into_iter()
            .filter(|s| !overlay.runs(s.as_str()))
        {
            assert!(
                find(&overlay.objects, "User", &format!("tam-{service}")).is_none(),
                "{site}: a broker user for {service}, which runs elsewhere"
            );
        }
        for service in service_names()
            .into_iter()
            .filter(|s| overlay.runs(s.as_str()))
        {
            let user_name = format!("tam-{service}");
            let user = get(overlay, "User", &user_name);
            assert_eq!(
                str_at(user, "/spec/importCredentialsSecret/name"),
                format!("tam-broker-{service}"),
                "{site}: {user_name}'s credentials"
            );
            assert_eq!(
                user["spec"]["tags"],
                serde_json::json!([]),
                "{site}: {user_name}"
            );
            // The rights the code declares with, to the character.
            let rights = tam_events::Topology::new(prefix, service.as_str()).permissions();
            let permission = get(overlay, "Permission", &user_name);
            assert_eq!(str_at(permission, "/spec/userReference/name"), user_name);
            for (right, regex) in [
                ("configure", &rights.configure),
                ("write", &rights.write),
                ("read", &rights.read),
            ] {
                assert_eq!(
                    str_at(permission, &format!("/spec/permissions/{right}")),
                    regex,
                    "{site}: {user_name}'s {right}"
                );
            }
            let topic = get(overlay, "TopicPermission", &user_name);
            assert_eq!(str_at(topic, "/spec/userReference/name"), user_name);
            assert_eq!(
                str_at(topic, "/spec/permissions/exchange"),
                rights.topic_exchange
            );
            assert_eq!(str_at(topic, "/spec/permissions/write"), rights.topic_write);
            assert_eq!(str_at(topic, "/spec/permissions/read"), rights.topic_read);
            // The pod logs in as that user and no other.
            let secrets = pod_secrets(pod_spec(get(overlay, "Deployment", service.as_str())));
            let brokers: Vec<&String> = secrets
                .iter()
                .filter(|s| s.starts_with("tam-broker-"))
                .collect();
            // Every service, the gateway too (the access-revocations stream).
            assert_eq!(
                brokers,
                [&format!("tam-broker-{service}")],
                "{site}: {service}'s broker credentials"
            );
        }
    }
}

#[test]
fn the_migrate_job_declares_the_event_topology_as_a_user_that_may_do_only_that() {
    for overlay in overlays() {
        let site = overlay.name();
        let config = of_kind(&overlay.objects, "ConfigMap")
            .find(|c| name(c).starts_with("tam-config"))
            .unwrap();
        let prefix = str_at(config, "/data/TAM_EVENT_PREFIX");
        // The rights the code declares with (the queues of the services that run here,
        // from the contracts), to the character.
        let rights = tam_runtime::event_topology_of(&overlay.services()).permissions(prefix);
        let user = get(overlay, "User", "tam-migrate");
        assert_eq!(
            str_at(user, "/spec/importCredentialsSecret/name"),
            "tam-broker-migrate"
        );
        assert_eq!(user["spec"]["tags"], serde_json::json!([]), "{site}");
        let permission = get(overlay, "Permission", "tam-migrate");
        for (right, regex) in [
            ("configure", &rights.configure),
            ("write", &rights.write),
            ("read", &rights.read),
        ] {
            assert_eq!(
                str_at(permission, &format!("/spec/permissions/{right}")),
                regex,
                "{site}: tam-migrate's {right}"
            );
        }
        let topic = get(overlay, "TopicPermission", "tam-migrate");
        assert_eq!(
            str_at(topic, "/spec/permissions/exchange"),
            rights.topic_exchange
        );
        assert_eq!(str_at(topic, "/spec/permissions/write"), rights.topic_write);
        assert_eq!(str_at(topic, "/spec/permissions/read"), rights.topic_read);
        let job = get(overlay, "Job", "migrate");
        // `tam migrate <service>...`: this place's services, whose schemas it migrates
        // and whose queues it declares.
        let args: Vec<&str> = array(&array(pod_spec(job), "/containers")[0], "/args")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let mut expected = vec!["migrate"];
        expected.extend(
            overlay
                .services()
                .into_iter()
                .filter(|s| schemas().contains_key(s)),
        );
        assert_eq!(args[0], "migrate", "{site}");
        assert_eq!(
            args.iter().copied().collect::<BTreeSet<_>>(),
            expected.into_iter().collect::<BTreeSet<_>>(),
            "{site}: the migrate Job's arguments"
        );
        let brokers: Vec<String> = pod_secrets(pod_spec(job))
            .into_iter()
            .filter(|s| s.starts_with("tam-broker-"))
            .collect();
        assert_eq!(brokers, ["tam-broker-migrate"], "{site}");
    }
}

/// The routing keys of the Bindings from `source` to `destination`.
fn binding_keys<'a>(overlay: &'a Overlay, source: &str, destination: &str) -> BTreeSet<&'a str> {
    of_kind(&overlay.objects, "Binding")
        .filter(|b| {
            str_at(b, "/spec/source") == source && str_at(b, "/spec/destination") == destination
        })
        .map(|b| str_at(b, "/spec/routingKey"))
        .collect()
}

/// A link queue: durable, quorum, kept when its object is deleted (it holds the events of
/// a link that is down).
fn assert_link_queue(overlay: &Overlay, queue_name: &str) {
    let queue = of_kind(&overlay.objects, "Queue")
        .find(|q| str_at(q, "/spec/name") == queue_name)
        .unwrap_or_else(|| panic!("{}: no queue {queue_name}", overlay.name()));
    assert_eq!(str_at(queue, "/spec/type"), "quorum", "{queue_name}");
    assert_eq!(queue["spec"]["durable"], Value::Bool(true), "{queue_name}");
    assert_eq!(
        str_at(queue, "/spec/deletionPolicy"),
        "retain",
        "{queue_name}"
    );
    assert_eq!(str_at(queue, "/spec/vhost"), "/", "{queue_name}");
}

/// A shovel of the link: reads `source_queue` at the other place, publishes into this
/// place's events exchange through its own node, routing key kept, nothing lost.
fn assert_link_shovel(overlay: &Overlay, shovel_name: &str, source_queue: &str, uris: &str) {
    let what = format!("{}: Shovel {shovel_name}", overlay.name());
    let shovel = get(overlay, "Shovel", shovel_name);
    assert_eq!(str_at(shovel, "/spec/srcQueue"), source_queue, "{what}");
    assert_eq!(str_at(shovel, "/spec/destExchange"), "tam.events", "{what}");
    assert!(
        shovel["spec"].get("destExchangeKey").is_none(),
        "{what}: keeps the key"
    );
    assert!(shovel["spec"].get("destQueue").is_none(), "{what}");
    assert_eq!(str_at(shovel, "/spec/ackMode"), "on-confirm", "{what}");
    assert_eq!(str_at(shovel, "/spec/srcDeleteAfter"), "never", "{what}");
    assert_eq!(str_at(shovel, "/spec/srcProtocol"), "amqp091", "{what}");
    assert_eq!(str_at(shovel, "/spec/destProtocol"), "amqp091", "{what}");
    assert_eq!(str_at(shovel, "/spec/uriSecret/name"), uris, "{what}");
}

/// The link user the other place's shovel reads `queue` as: that queue, nothing else.
fn assert_link_user(overlay: &Overlay, user_name: &str, queue: &str) {
    let what = format!("{}: {user_name}", overlay.name());
    let user = get(overlay, "User", user_name);
    // Not an impersonator: the shovel publishes through the destination's own node.
    assert_eq!(user["spec"]["tags"], serde_json::json!([]), "{what}");
    assert_eq!(
        str_at(user, "/spec/importCredentialsSecret/name"),
        format!("tam-broker-{}", user_name.trim_start_matches("tam-")),
        "{what}"
    );
    let permission = of_kind(&overlay.objects, "Permission")
        .find(|p| str_at(p, "/spec/userReference/name") == user_name)
        .unwrap_or_else(|| panic!("{what}: no Permission"));
    assert_eq!(
        str_at(permission, "/spec/permissions/configure"),
        "^$",
        "{what}"
    );
    assert_eq!(
        str_at(permission, "/spec/permissions/write"),
        "^$",
        "{what}"
    );
    assert_eq!(
        str_at(permission, "/spec/permissions/read"),
        format!("^{}$", queue.replace('.', "\\.")),
        "{what}"
    );
    assert!(
        !of_kind(&overlay.objects, "TopicPermission")
            .any(|p| str_at(p, "/spec/userReference/name") == user_name),
        "{what}: publishes nothing"
    );
}

#[test]
fn the_link_has_its_queues_bindings_users_and_shovels_both_ways_for_every_site() {
    let to_central: BTreeSet<&str> = link::routing_keys(Direction::ToCentral)
        .into_iter()
        .collect();
    let to_site: BTreeSet<&str> = link::routing_keys(Direction::ToSite).into_iter().collect();
    assert!(to_site.contains("hr.access.revoked"));
    assert!(to_central.is_disjoint(&to_site), "an event would loop");

    // Central -> every site: tam.events -> tam.link (fanout) -> tam.link.<site>.
    let central = central();
    let exchange = get(central, "Exchange", "tam-link");
    assert_eq!(str_at(exchange, "/spec/name"), "tam.link");
    assert_eq!(str_at(exchange, "/spec/type"), "fanout");
    assert_eq!(exchange["spec"]["durable"], Value::Bool(true));
    assert_eq!(
        binding_keys(central, "tam.events", "tam.link"),
        to_site,
        "central: what crosses to the sites (tam::link::routing_keys(ToSite))"
    );
    assert!(of_kind(&central.objects, "Binding")
        .filter(|b| str_at(b, "/spec/destination") == "tam.link")
        .all(|b| str_at(b, "/spec/destinationType") == "exchange"));
    for (site, overlay) in sites() {
        // At central: the site's link queue, its reader, and the shovel from the site.
        let queue = link::link_queue("tam", site.as_str());
        assert_eq!(queue, format!("tam.link.{site}"));
        assert_link_queue(central, &queue);
        assert_eq!(
            binding_keys(central, "tam.link", &queue),
            BTreeSet::from([""]),
            "central: {queue} takes all of tam.link"
        );
        assert_link_user(central, &format!("tam-link-{site}"), &queue);
        let from_site = format!("tam-link-from-{site}");
        assert_link_shovel(
            central,
            &from_site,
            "tam.link.central",
            &format!("tam-shovel-from-{site}"),
        );

        // At the site: its link queue to central, bound to exactly what central
        // consumes of it; the user central's shovel reads it as; the shovel from central.
        let to = link::link_queue("tam", "central");
        assert_link_queue(overlay, &to);
        assert_eq!(
            binding_keys(overlay, "tam.events", &to),
            to_central,
            "{site}: what crosses to central (tam::link::routing_keys(ToCentral))"
        );
        assert_link_user(overlay, "tam-link", &to);
        assert_link_shovel(
            overlay,
            "tam-link-from-central",
            &queue,
            "tam-shovel-from-central",
        );
        // Nothing else is bound at the site's end, nor any other site's queue read.
        assert_eq!(of_kind(&overlay.objects, "Shovel").count(), 1, "{site}");
        assert_eq!(of_kind(&overlay.objects, "Queue").count(), 1, "{site}");
    }
    assert_eq!(of_kind(&central.objects, "Shovel").count(), Site::ALL.len());
    assert_eq!(of_kind(&central.objects, "Queue").count(), Site::ALL.len());
    // Everything central's services consume of the sites' events crosses, and what the
    // sites' services consume of central's: the contracts' consumers, through the
    // topology each place's migrate Job declares.
    for (place, keys) in [
        (Place::Central, &to_central),
        (Place::Site(Site::Medan), &to_site),
    ] {
        let here: Vec<&str> = place.services().iter().map(|s| s.as_str()).collect();
        let consumed: BTreeSet<String> = tam_runtime::event_topology_of(&here)
            .services()
            .flat_map(|s| tam_runtime::event_topology_of(&here).bindings(s).to_vec())
            .collect();
        for spec in tam_contracts::CATALOG {
            if !here.contains(&spec.producer) && consumed.contains(spec.event_type) {
                assert!(
                    keys.contains(spec.event_type),
                    "{place}: {} is consumed here and does not cross",
                    spec.event_type
                );
            }
        }
    }
}

/// `deploy/k8s/secrets.sh <place>`'s Secrets.
fn secrets_script(place: &str) -> Vec<Value> {
    let output = run(Command::new("bash")
        .arg("deploy/k8s/secrets.sh")
        .arg(place)
        .env("PATH", tools_path())
        .env("TAM_BIN", env!("CARGO_BIN_EXE_tam"))
        .env("TAM_RECORDINGS_STORE", "s3://tam-recordings-medan/calls")
        .env("AWS_ACCESS_KEY_ID", "medan-recorder")
        .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
        .env("AWS_ENDPOINT", "https://objects.medan.example")
        .env_remove("AWS_REGION"));
    yaml_documents(&String::from_utf8(output.stdout).unwrap())
}

/// Every Secret an overlay's objects refer to and no operator makes.
fn needed_secrets(overlay: &Overlay) -> BTreeSet<String> {
    let mut needed = BTreeSet::new();
    for workload in of_kind(&overlay.objects, "Deployment").chain(of_kind(&overlay.objects, "Job"))
    {
        needed.extend(pod_secrets(pod_spec(workload)));
    }
    let cluster = get(overlay, "Cluster", "tam-db");
    needed.insert(str_at(cluster, "/spec/bootstrap/initdb/secret/name").to_owned());
    for role in array(cluster, "/spec/managed/roles") {
        needed.insert(str_at(role, "/passwordSecret/name").to_owned());
    }
    for user in of_kind(&overlay.objects, "User") {
        needed.insert(str_at(user, "/spec/importCredentialsSecret/name").to_owned());
    }
    for shovel in of_kind(&overlay.objects, "Shovel") {
        needed.insert(str_at(shovel, "/spec/uriSecret/name").to_owned());
    }
    // Made elsewhere: by the RabbitMQ operator.
    needed.remove("tam-broker-default-user");
    needed
}

fn secret_value(secret: &Value, key: &str) -> String {
    use base64::Engine as _;
    let encoded = str_at(secret, &format!("/data/{key}"));
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap_or_else(|e| panic!("{}: {key}: {e}", name(secret))),
    )
    .unwrap()
}

#[test]
fn the_secrets_script_makes_every_secret_the_manifests_need_at_central_and_a_site() {
    let central_made = secrets_script("central");
    let site_made = secrets_script("medan");
    let medan = overlays()
        .iter()
        .find(|o| o.place == Place::Site(Site::Medan))
        .unwrap();
    let in_namespace = |made: &[Value], namespace: &str| -> BTreeSet<String> {
        made.iter()
            .filter(|s| str_at(s, "/metadata/namespace") == namespace)
            .map(|s| name(s).to_owned())
            .collect()
    };
    // The site's run: the site's Secrets, and central's end of its link.
    assert_eq!(in_namespace(&site_made, "tam-medan"), needed_secrets(medan));
    let link_at_central: BTreeSet<String> = ["tam-broker-link-medan", "tam-shovel-from-medan"]
        .map(String::from)
        .into();
    assert_eq!(in_namespace(&site_made, "tam-central"), link_at_central);
    assert_eq!(site_made.len(), needed_secrets(medan).len() + 2);
    // Central's run: the rest of central's (every site's link comes with the site).
    let central_needed = needed_secrets(central());
    let mut expected: BTreeSet<String> = central_needed
        .iter()
        .filter(|s| !s.starts_with("tam-broker-link-") && !s.starts_with("tam-shovel-from-"))
        .cloned()
        .collect();
    assert_eq!(in_namespace(&central_made, "tam-central"), expected);
    assert_eq!(central_made.len(), expected.len());
    for (site, _) in sites() {
        for secret in [
            format!("tam-broker-link-{site}"),
            format!("tam-shovel-from-{site}"),
        ] {
            assert!(central_needed.contains(&secret), "central needs {secret}");
            expected.insert(secret);
        }
    }
    assert_eq!(central_needed, expected, "central needs nothing else");

    for secret in central_made.iter().chain(&site_made) {
        assert_eq!(kind(secret), "Secret");
        let keys: Vec<&String> = secret["data"].as_object().unwrap().keys().collect();
        match name(secret) {
            "tam-jwt-signing" => assert_eq!(keys, ["k1.key.pem"]),
            "tam-jwt-public" => assert_eq!(keys, ["k1.pub.pem"]),
            "tam-console" => assert_eq!(keys, ["TAM_CONSOLE_COOKIE_KEY"]),
            "tam-claim-ticket" => assert_eq!(keys, ["TAM_CLAIM_TICKET_KEY"]),
            "tam-recordings" => assert_eq!(
                keys,
                [
                    "AWS_ACCESS_KEY_ID",
                    "AWS_ENDPOINT",
                    "AWS_SECRET_ACCESS_KEY",
                    "TAM_RECORDINGS_STORE"
                ]
            ),
            shovel if shovel.starts_with("tam-shovel-from-") => {
                assert_eq!(keys, ["destUri", "srcUri"]);
                // Each shovel publishes through its own node.
                assert_eq!(secret_value(secret, "destUri"), "amqp://");
            }
            other => {
                assert_eq!(keys, ["password", "username"], "{other}");
                assert_eq!(str_at(secret, "/type"), "kubernetes.io/basic-auth");
            }
        }
    }
    // The two ends of the link agree: each shovel logs in to the other place's broker as
    // the user made there, with that user's password.
    let made = |namespace: &str, secret_name: &str| -> &Value {
        site_made
            .iter()
            .find(|s| str_at(s, "/metadata/namespace") == namespace && name(s) == secret_name)
            .unwrap_or_else(|| panic!("no {secret_name} in {namespace}"))
    };
    for (shovel_ns, shovel_secret, user_ns, user_secret, broker) in [
        (
            "tam-medan",
            "tam-shovel-from-central",
            "tam-central",
            "tam-broker-link-medan",
            "tam-broker.tam-central.svc:5672",
        ),
        (
            "tam-central",
            "tam-shovel-from-medan",
            "tam-medan",
            "tam-broker-link",
            "tam-broker.tam-medan.svc:5672",
        ),
    ] {
        let user = made(user_ns, user_secret);
        let expected = format!(
            "amqp://{}:{}@{broker}/%2f",
            secret_value(user, "username"),
            secret_value(user, "password")
        );
        assert_eq!(
            secret_value(made(shovel_ns, shovel_secret), "srcUri"),
            expected,
            "{shovel_ns}/{shovel_secret}"
        );
    }
    assert_eq!(
        secret_value(made("tam-medan", "tam-broker-link"), "username"),
        "tam-link"
    );
    assert_eq!(
        secret_value(made("tam-central", "tam-broker-link-medan"), "username"),
        "tam-link-medan"
    );
}

// ---- compose ----------------------------------------------------------------------------

/// `docker compose config` (the plugin) or `docker-compose config`, without any TAM_*
/// variable of this process leaking in: the file's own defaults.
fn compose_config() -> Value {
    let plugin = Command::new("docker")
        .args(["compose", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut command = if plugin {
        let mut command = Command::new("docker");
        command.arg("compose");
        command
    } else {
        Command::new(tool("docker-compose"))
    };
    command.args(["-f", "docker-compose.yml", "config"]);
    for (variable, _) in std::env::vars_os() {
        if variable.to_string_lossy().starts_with("TAM_") {
            command.env_remove(variable);
        }
    }
    let output = run(&mut command);
    yaml_documents(&String::from_utf8(output.stdout).unwrap())
        .pop()
        .expect("a compose document")
}

/// The named volumes a compose service mounts (short or long syntax).
fn compose_volumes(service: &Value) -> Vec<String> {
    array(service, "/volumes")
        .iter()
        .map(|volume| match volume {
            Value::String(short) => short.split(':').next().unwrap_or("").to_owned(),
            long => str_at(long, "/source").to_owned(),
        })
        .collect()
}

fn compose_env<'a>(service: &'a Value, variable: &str) -> &'a str {
    service["environment"][variable].as_str().unwrap_or("")
}

#[test]
fn the_compose_file_validates_and_runs_every_service_with_its_own_role() {
    let compose = compose_config();
    let all = compose["services"].as_object().expect("services");
    let schemas = schemas();
    for service in services() {
        let container = all
            .get(service)
            .unwrap_or_else(|| panic!("docker-compose.yml has no service {service}"));
        assert_eq!(
            container["command"],
            serde_json::json!(["serve", service]),
            "{service}'s command"
        );
        assert!(
            container["healthcheck"]["test"].is_array(),
            "{service} has no health check"
        );
        assert_eq!(container["read_only"], Value::Bool(true), "{service}");
        let url = compose_env(container, "TAM_DATABASE_URL");
        match schemas.get(service) {
            Some(schema) => assert!(
                url.starts_with(&format!("postgres://tam_{schema}:")),
                "{service} logs in as {url}"
            ),
            None => assert!(url.is_empty(), "{service} has no database"),
        }
        assert_eq!(compose_env(container, "TAM_ENV"), "production", "{service}");
        if service != "gateway" {
            // Its own broker user, made by the one-shot broker-users.
            assert!(
                compose_env(container, "TAM_AMQP_URL")
                    .starts_with(&format!("amqp://tam-{service}:")),
                "{service}'s broker user"
            );
            assert!(
                compose_env(container, "TAM_AMQP_URL").contains("@rabbitmq:5672"),
                "{service}'s broker"
            );
            assert_eq!(
                str_at(container, "/depends_on/broker-users/condition"),
                "service_completed_successfully",
                "{service} waits for its broker user"
            );
            for dependency in ["migrate", "keys"] {
                assert_eq!(
                    str_at(container, &format!("/depends_on/{dependency}/condition")),
                    "service_completed_successfully",
                    "{service} waits for {dependency}"
                );
            }
            assert_eq!(
                str_at(container, "/depends_on/rabbitmq/condition"),
                "service_healthy"
            );
        }
        let ports = array(container, "/ports");
        assert_eq!(
            !ports.is_empty(),
            service == "gateway",
            "only the gateway publishes a port ({service})"
        );
        let volumes = compose_volumes(container);
        let keys = if service == "hr" {
            "jwt-signing"
        } else {
            "jwt-public"
        };
        assert!(volumes.iter().any(|v| v == keys), "{service} mounts {keys}");
    }
    // The gateway starts once every service is healthy.
    for service in services().into_iter().filter(|s| *s != "gateway") {
        assert_eq!(
            str_at(&all["gateway"], &format!("/depends_on/{service}/condition")),
            "service_healthy",
            "the gateway waits for {service}"
        );
    }
    // The signing key: hr's (and the one-shot that makes it), no one else's.
    for (name, container) in all {
        if compose_volumes(container)
            .iter()
            .any(|v| v == "jwt-signing")
        {
            assert!(
                name == "hr" || name == "keys",
                "{name} mounts the signing key"
            );
        }
        if !matches!(name.as_str(), "gateway") {
            assert!(
                array(container, "/ports").is_empty(),
                "{name} publishes a port"
            );
        }
    }
    assert_eq!(all["migrate"]["command"], serde_json::json!(["migrate"]));
    assert!(compose_env(&all["migrate"], "TAM_DATABASE_URL").starts_with("postgres://tam:"));
    assert_eq!(
        str_at(&all["migrate"], "/depends_on/db-init/condition"),
        "service_completed_successfully"
    );
    assert!(str_at(&all["rabbitmq"], "/image").contains("management"));
    for one_shot in ["db-init", "migrate", "keys"] {
        assert_eq!(str_at(&all[one_shot], "/restart"), "no", "{one_shot}");
    }
    // db-init sets a password for every role roles.sql makes.
    for schema in schemas.values() {
        let variable = format!("TAM_{}_DB_PASSWORD", schema.to_uppercase());
        assert!(
            !compose_env(&all["db-init"], &variable).is_empty(),
            "db-init has no {variable}"
        );
    }
    let volumes = compose["volumes"].as_object().expect("named volumes");
    for volume in [
        "db-data",
        "broker-data",
        "recordings",
        "jwt-signing",
        "jwt-public",
    ] {
        assert!(volumes.contains_key(volume), "no named volume {volume}");
    }
    assert!(compose_volumes(&all["postgres"]).contains(&"db-data".to_owned()));
    assert!(compose_volumes(&all["rabbitmq"]).contains(&"broker-data".to_owned()));
    assert!(compose_volumes(&all["calling"]).contains(&"recordings".to_owned()));
}

// ---- the image --------------------------------------------------------------------------

#[test]
fn the_dockerfile_passes_hadolint_and_runs_as_a_non_root_user() {
    let output =
        run(Command::new(tool("hadolint")).args(["--failure-threshold", "warning", "Dockerfile"]));
    assert!(output.status.success());
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let last_stage = dockerfile
        .rsplit_once("\nFROM ")
        .map(|(_, stage)| stage)
        .expect("a multi-stage Dockerfile");
    assert!(
        !last_stage.starts_with("rust:"),
        "the runtime is not the toolchain image"
    );
    let user = last_stage
        .lines()
        .filter_map(|l| l.strip_prefix("USER "))
        .next_back()
        .expect("the runtime stage sets USER");
    assert!(
        !matches!(user.split(':').next(), Some("root" | "0")),
        "runs as {user}"
    );
    assert!(last_stage.contains("ENTRYPOINT [\"tam\"]"));
    let ignored = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    for path in ["target/", ".tam/", ".git/"] {
        assert!(
            ignored.lines().any(|l| l == path),
            ".dockerignore leaves {path} in the build context"
        );
    }
}
