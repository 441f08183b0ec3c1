import Testing

/// Every metric the dashboard and the alerts query is one the code defines, the dashboard shows
/// what issue 6 asks for, and the Grafana and Prometheus files point at each other.
@Suite struct ObservabilityConsistencyTests {
    private static let dashboardPath = "deploy/grafana/dashboards/handover.json"

    /// Every `expr` of the dashboard's panels (rows' nested panels included).
    private static func dashboardExpressions(_ files: DeploymentFiles) throws -> [String] {
        let dashboard = try YAMLValue.json(try files.layout.text(dashboardPath))
        func panels(_ value: YAMLValue?) -> [YAMLValue] {
            (value?.array ?? []).flatMap { [$0] + panels($0["panels"]) }
        }
        return panels(dashboard["panels"]).flatMap { $0["targets"]?.array ?? [] }.compactMap { $0["expr"]?.string }
    }

    /// Every alert rule's `expr`.
    private static func alertExpressions(_ files: DeploymentFiles) throws -> [String] {
        let rules = try #require(try YAMLValue.documents(ofYAML: try files.layout.text("deploy/prometheus/alerts.yml")).first)
        return (rules["groups"]?.array ?? []).flatMap { $0["rules"]?.array ?? [] }.compactMap { $0["expr"]?.string }
    }

    private static func undefinedMetrics(in expressions: [String], _ files: DeploymentFiles) -> [String] {
        let names = expressions.reduce(into: Set<String>()) { $0.formUnion(PromQL.metricNames(in: $1)) }
        return names.filter { name in
            !PromQL.builtInSeries.contains(name)
                && !PromQL.definitionCandidates(of: name).contains { files.sources.defines(metric: $0) }
        }.sorted()
    }

    @Test func everyMetricTheDashboardQueriesIsDefinedInTheSources() throws {
        let files = try DeploymentFiles.shared.get()
        let expressions = try Self.dashboardExpressions(files)
        #expect(expressions.count >= 10, "the dashboard has \(expressions.count) queries")
        let undefined = Self.undefinedMetrics(in: expressions, files)
        #expect(undefined.isEmpty, "the dashboard queries metrics no source defines: \(undefined)")
    }

    @Test func everyMetricTheAlertsQueryIsDefinedInTheSources() throws {
        let files = try DeploymentFiles.shared.get()
        let expressions = try Self.alertExpressions(files)
        #expect(expressions.count >= 5, "alerts.yml has \(expressions.count) rules")
        let undefined = Self.undefinedMetrics(in: expressions, files)
        #expect(undefined.isEmpty, "alerts query metrics no source defines: \(undefined)")
    }

    @Test func everyLabelValueTheAlertsAndDashboardMatchIsOneTheSourcesWrite() throws {
        let files = try DeploymentFiles.shared.get()
        let expressions = try Self.alertExpressions(files) + Self.dashboardExpressions(files)
        let texts = files.sources.texts(for: nil)
        var checked = 0
        for expression in expressions {
            // `outcome="rate_limited"`, `outcome=~"authentication|permission"`; values with regex
            // syntax (`5..`, `handover-.*`) are patterns, not names, and are skipped.
            for matcher in TextPattern.all(#"([A-Za-z_]+\s*=~?\s*"[A-Za-z0-9_|]+")"#, in: expression) {
                let parts = matcher.split(separator: "\"")
                guard parts.count >= 2 else { continue }
                for value in parts[1].split(separator: "|") {
                    checked += 1
                    let written = SwiftSources.quote(String(value), in: texts)
                    #expect(written, "\(matcher) in `\(expression)`: no source writes the label value \"\(value)\"")
                }
            }
        }
        #expect(checked > 0, "no label value was checked")
    }

    @Test func dashboardShowsLagWebhooksEventsThreadControlHandoversAndDeadLetters() throws {
        let files = try DeploymentFiles.shared.get()
        let used = try Self.dashboardExpressions(files).reduce(into: Set<String>()) { $0.formUnion(PromQL.metricNames(in: $1)) }
            .reduce(into: Set<String>()) { $0.formUnion(PromQL.definitionCandidates(of: $1)) }
        for metric in [
            "kafka_consumergroup_lag", "ingress_requests_total", "ingress_request_duration_seconds", "ingress_events_total",
            "graph_calls_total", "handovers_total", "ingress_dlq_records_total", "worker_dlq_records_total",
        ] {
            #expect(used.contains(metric), "the dashboard has no panel on \(metric)")
        }
        let lag = try Self.dashboardExpressions(files).first { $0.contains("kafka_consumergroup_lag") } ?? ""
        for label in ["group", "topic", "partition"] {
            #expect(lag.contains(label), "the lag panel does not break lag down by \(label)")
        }
    }

    @Test func alertsCoverLagWebhookErrorsDeadLettersAndGraphAuthentication() throws {
        let files = try DeploymentFiles.shared.get()
        let expressions = try Self.alertExpressions(files)
        #expect(expressions.contains { $0.contains("kafka_consumergroup_lag") }, "no alert on consumer lag")
        #expect(expressions.contains { $0.contains("ingress_requests_total") && $0.contains("5..") }, "no alert on webhook 5xx")
        #expect(expressions.contains { $0.contains("ingress_dlq_records_total") }, "no alert on ingress dead letters")
        #expect(expressions.contains { $0.contains("worker_dlq_records_total") }, "no alert on worker dead letters")
        #expect(expressions.contains { $0.contains("graph_calls_total") && $0.contains("authentication") }, "no alert on Graph authentication errors")
    }

    @Test func grafanaProvisioningPointsAtTheDashboardFolderAndDatasourceComposeMounts() throws {
        let files = try DeploymentFiles.shared.get()
        let grafana = try #require(files.compose.services["grafana"], "no grafana service in compose")
        let dashboardsMount = try #require(grafana.bindMounts.first { $0.host == "deploy/grafana/dashboards" }, "compose does not mount deploy/grafana/dashboards")
        #expect(grafana.bindMounts.contains { $0.host == "deploy/grafana/provisioning" && $0.container == "/etc/grafana/provisioning" }, "compose does not mount the provisioning folder")

        let providers = try YAMLValue.documents(ofYAML: try files.layout.text("deploy/grafana/provisioning/dashboards/handover.yml"))
        let paths = providers.flatMap { $0["providers"]?.array ?? [] }.compactMap { $0.at("options", "path")?.string }
        #expect(paths.contains(dashboardsMount.container), "dashboard provider paths \(paths) miss \(dashboardsMount.container)")

        let datasources = try YAMLValue.documents(ofYAML: try files.layout.text("deploy/grafana/provisioning/datasources/prometheus.yml"))
            .flatMap { $0["datasources"]?.array ?? [] }
        let uids = Set(datasources.compactMap { $0["uid"]?.string })
        let dashboard = try YAMLValue.json(try files.layout.text(Self.dashboardPath))
        func referenced(_ value: YAMLValue) -> [String] {
            switch value {
            case .mapping(let mapping):
                let own = mapping["datasource"]?["uid"]?.string.map { [$0] } ?? []
                return own + mapping.values.flatMap(referenced)
            case .sequence(let items): return items.flatMap(referenced)
            default: return []
            }
        }
        let used = Set(referenced(dashboard))
        #expect(!used.isEmpty && used.isSubset(of: uids), "the dashboard uses datasource uids \(used.sorted()); provisioned are \(uids.sorted())")
        for datasource in datasources {
            let url = datasource["url"]?.string ?? ""
            let host = TextPattern.first(#"//([^:/]+)"#, in: url) ?? ""
            #expect(files.compose.services[host] != nil, "datasource URL \(url) names no compose service")
        }
    }

    @Test func prometheusLoadsTheAlertRulesFromTheFolderComposeMounts() throws {
        let files = try DeploymentFiles.shared.get()
        let prometheus = try #require(files.compose.services["prometheus"], "no prometheus service in compose")
        let mount = try #require(prometheus.bindMounts.first { $0.host == "deploy/prometheus" }, "compose does not mount deploy/prometheus")
        let config = try #require(try YAMLValue.documents(ofYAML: try files.layout.text("deploy/prometheus/prometheus.yml")).first)
        let ruleFiles = config["rule_files"]?.array?.compactMap(\.string) ?? []
        #expect(!ruleFiles.isEmpty, "prometheus.yml loads no rule file")
        for file in ruleFiles {
            #expect(file.hasPrefix(mount.container + "/"), "rule file \(file) is outside the mounted \(mount.container)")
            let local = "deploy/prometheus/" + file.dropFirst(mount.container.count + 1)
            #expect(files.layout.exists(local), "rule file \(file) is \(local) in the repository, which does not exist")
        }
    }
}
