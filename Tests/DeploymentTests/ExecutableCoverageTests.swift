import Testing

/// Every executable the package ships for deployment is built into the image and runs in both
/// compose and Kubernetes; nothing runs that the package does not ship.
@Suite struct ExecutableCoverageTests {
    @Test func everyDeployedExecutableOfThePackageRunsInCompose() throws {
        let files = try DeploymentFiles.shared.get()
        let running = Set(files.compose.handoverServices.keys)
        for executable in files.deployedExecutables {
            #expect(running.contains(executable), "\(executable) is an executable of Package.swift but no compose service runs it")
        }
    }

    @Test func everyDeployedExecutableOfThePackageRunsInKubernetes() throws {
        let files = try DeploymentFiles.shared.get()
        let running = Set(files.kubernetes.handoverContainers.keys)
        for executable in files.deployedExecutables {
            #expect(running.contains(executable), "\(executable) is an executable of Package.swift but no Kubernetes workload runs it")
        }
    }

    @Test func composeAndKubernetesRunOnlyExecutablesThePackageShipsForDeployment() throws {
        let files = try DeploymentFiles.shared.get()
        let shipped = Set(files.deployedExecutables)
        let running = Set(files.compose.handoverServices.keys).union(files.kubernetes.handoverContainers.keys)
        for executable in running {
            #expect(shipped.contains(executable), "\(executable) runs in a deployment file but is not a deployable executable of Package.swift")
            #expect(ServiceContract.defaultPorts[executable] != nil, "\(executable) has no port in the contract table")
        }
    }

    @Test func ourServicesRunFromTheOneImageTheDockerfileBuilds() throws {
        let files = try DeploymentFiles.shared.get()
        let images = Set(files.compose.services.values.filter { $0.container.executable != nil }.compactMap(\.image))
        #expect(images.count == 1, "compose runs our executables from several images: \(images.sorted())")
        for service in files.compose.services.values where service.container.executable != nil {
            let build = service.raw["build"]
            #expect(build?["dockerfile"]?.string == "deploy/Dockerfile", "compose service \(service.name) is not built from deploy/Dockerfile")
            #expect((build?["context"]?.string ?? "") == ".", "compose service \(service.name) builds from another context than the repository root")
        }
        let kubernetesImages = Set(files.kubernetes.handoverContainers.values.flatMap { $0 }.compactMap { $0.raw["image"]?.string })
        #expect(kubernetesImages.count == 1, "Kubernetes runs our executables from several images: \(kubernetesImages.sorted())")
    }
}
