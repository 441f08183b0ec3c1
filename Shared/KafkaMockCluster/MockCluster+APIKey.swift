extension MockCluster {
    /// Kafka protocol request types, for ``MockCluster/pushRequestErrors(apiKey:errors:)``.
    public enum APIKey {
        /// Produce.
        public static let produce: Int16 = 0
        /// Fetch.
        public static let fetch: Int16 = 1
        /// ListOffsets.
        public static let listOffsets: Int16 = 2
        /// Metadata.
        public static let metadata: Int16 = 3
        /// OffsetCommit.
        public static let offsetCommit: Int16 = 8
        /// OffsetFetch.
        public static let offsetFetch: Int16 = 9
        /// FindCoordinator.
        public static let findCoordinator: Int16 = 10
        /// JoinGroup.
        public static let joinGroup: Int16 = 11
        /// Heartbeat.
        public static let heartbeat: Int16 = 12
        /// LeaveGroup.
        public static let leaveGroup: Int16 = 13
        /// SyncGroup.
        public static let syncGroup: Int16 = 14
        /// CreateTopics.
        public static let createTopics: Int16 = 19
        /// InitProducerId.
        public static let initProducerID: Int16 = 22
    }
}
