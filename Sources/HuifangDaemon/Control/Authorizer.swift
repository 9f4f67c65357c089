import Foundation
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

/// Maps the peer of a control connection to an operator role (R-OPS-2): root is admin; a
/// user named in `[roles]` (by name or uid) has that role; anyone else is refused. Without
/// a `[roles]` table every user who can open the socket (its file mode and group decide)
/// is admin, as on a single-operator machine.
enum Authorizer {
    static func role(for peer: PeerCredentials?, roles: [String: OperatorRole]?) -> Result<OperatorRole, HuifangError> {
        guard let roles else { return .success(.admin) }
        guard let peer else { return .failure(HuifangError(.permissionDenied, "the peer's credentials could not be read")) }
        if peer.uid == 0 { return .success(.admin) }
        if let role = roles[String(peer.uid)] { return .success(role) }
        if let name = userName(peer.uid), let role = roles[name] { return .success(role) }
        return .failure(HuifangError(.permissionDenied, "uid \(peer.uid) has no role in [roles]"))
    }

    static func userName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return nil
        }
        return String(cString: name)
    }
}
