/// An error meaning a service could not start serving (a port taken, an address it may not bind),
/// which ``ServiceCommand`` turns into exit status 69 (``ServiceExitCode/unavailable``).
///
/// Bind failures of the HTTP server (NIO's `IOError` with `EADDRINUSE`, `EADDRNOTAVAIL` or
/// `EACCES`) are recognised without it; a service conforms its own start-up errors.
public protocol UnavailableError: Error {}
