import Testing

/// Every deployment file parses, so nothing below is vacuously true.
@Suite struct YAMLParsingTests {
    @Test func everyYAMLFileUnderDeployAndTheComposeFileParsesIntoAtLeastOneDocument() throws {
        let files = try DeploymentFiles.shared.get()
        #expect(files.yamlFiles.count >= 10, "found only \(files.yamlFiles)")
        for file in files.yamlFiles {
            let documents = try YAMLValue.documents(ofYAML: try files.layout.text(file))
            #expect(documents.contains { $0 != .null }, "\(file) has no document")
        }
    }

    @Test func everyKubernetesDocumentNamesItsKindAndName() throws {
        let files = try DeploymentFiles.shared.get()
        for file in files.layout.files(under: KubernetesManifests.folder, endingWith: [".yaml", ".yml"]) {
            for document in try YAMLValue.documents(ofYAML: try files.layout.text(file)) where document != .null {
                #expect(document["apiVersion"]?.string != nil, "\(file): a document without apiVersion")
                #expect(document["kind"]?.string != nil, "\(file): a document without kind")
                if document["kind"]?.string != "Kustomization" {
                    #expect(document.at("metadata", "name")?.string != nil, "\(file): a document without metadata.name")
                }
            }
        }
    }
}
