package io.prsm.agent;

import static io.prsm.agent.Sink.NONE;
import static io.prsm.agent.Sink.THIS;
import static io.prsm.agent.Sinks.ANY;

import java.util.List;

/**
 * The sinks where the JDK touches files and the network, part of {@link Sinks}' table.
 *
 * <p>Concurrent semantics: stateless.
 */
final class IoSinks {

    private IoSinks() {
    }

    static void files(List<Sink> s) {
        s.add(new Sink("java/io/FileInputStream", "<init>", "(Ljava/io/File;)", "file.read", 0, NONE));
        s.add(new Sink("java/io/FileOutputStream", "<init>", "(Ljava/io/File;Z)", "file.write", 0, NONE));
        s.add(new Sink("java/io/RandomAccessFile", "<init>", "(Ljava/io/File;Ljava/lang/String;", "file.open", 0, 1));
        for (String read : List.of("exists", "isDirectory", "isFile", "isHidden", "lastModified", "length", "list",
                "canRead", "canWrite", "canExecute", "getTotalSpace", "getFreeSpace", "getUsableSpace",
                "getCanonicalPath", "normalizedList")) {
            // normalizedList: what list(filter) and every listFiles read, without calling list()
            s.add(new Sink("java/io/File", read, ANY, "file.read", THIS, NONE));
        }
        // createTempFile creates its file below createNewFile: the folder it names is where it writes
        s.add(new Sink("java/io/File$TempDirectory", "generateFile", ANY, "file.write", 2, NONE));
        for (String write : List.of("createNewFile", "delete", "deleteOnExit", "mkdir", "setLastModified",
                "setReadOnly", "setWritable", "setReadable", "setExecutable")) {
            s.add(new Sink("java/io/File", write, ANY, "file.write", THIS, NONE));
        }
        s.add(new Sink("java/io/File", "renameTo", ANY, "file.move", THIS, 0));
        for (String provider : List.of("sun/nio/fs/UnixFileSystemProvider", "sun/nio/fs/LinuxFileSystemProvider")) {
            for (String open : List.of("newFileChannel", "newByteChannel", "newAsynchronousFileChannel")) {
                s.add(new Sink(provider, open, ANY, "file.open", 0, 1));
            }
            for (String read : List.of("newDirectoryStream", "readSymbolicLink", "checkAccess", "readAttributes",
                    "readAttributesIfExists", "exists", "getFileStore", "isHidden", "isSameFile")) {
                s.add(new Sink(provider, read, "(Ljava/nio/file/Path;", "file.read", 0, NONE));
            }
            for (String write : List.of("createDirectory", "implDelete", "setAttribute", "getFileAttributeView")) {
                s.add(new Sink(provider, write, "(Ljava/nio/file/Path;", "file.write", 0, NONE));
            }
            s.add(new Sink(provider, "copy", "(Ljava/nio/file/Path;Ljava/nio/file/Path;", "file.copy", 0, 1));
            s.add(new Sink(provider, "move", "(Ljava/nio/file/Path;Ljava/nio/file/Path;", "file.move", 0, 1));
            // a link makes its target reachable under the link's name: both must be writable
            s.add(new Sink(provider, "createLink", "(Ljava/nio/file/Path;Ljava/nio/file/Path;", "file.link", 0, 1));
            // a symbolic link is followed before the names after it: "link/.." is not the folder the path names
            s.add(new Sink(provider, "createSymbolicLink", "(Ljava/nio/file/Path;Ljava/nio/file/Path;", "file.symlink", 0,
                    1));
        }
        // copying a link (NOFOLLOW_LINKS) makes another: JDK 17 in UnixCopyFile, later in UnixFileSystem
        for (String copier : List.of("sun/nio/fs/UnixCopyFile", "sun/nio/fs/UnixFileSystem")) {
            s.add(new Sink(copier, "copyLink", ANY, "file.symlink", 2, 0));
        }
        // a SecureDirectoryStream acts relative to a directory it holds open (openat), beside the provider: the
        // path it is handed says nothing of where that is, and "../" or an absolute path leaves it
        for (String relative : List.of("newDirectoryStream", "newByteChannel", "deleteFile", "deleteDirectory", "move",
                "getFileAttributeView")) {
            s.add(new Sink("sun/nio/fs/UnixSecureDirectoryStream", relative, ANY, "file.relative:" + relative, 0, NONE));
        }
        // closing a descriptor: checked only when it is the JVM's standard in, out or error
        s.add(new Sink("java/io/FileDescriptor", "close", "()", "file.close", THIS, NONE));
        s.add(new Sink("java/io/FileDescriptor", "closeAll", ANY, "file.close", THIS, NONE));
        // and the JVM's System.out and System.err, whatever stream a host put there
        s.add(new Sink("java/io/PrintStream", "close", "()", "file.close", THIS, NONE));
        s.add(new Sink("sun/nio/fs/UnixPath", "toRealPath", ANY, "file.read", THIS, NONE));
        s.add(new Sink("sun/nio/fs/UnixPath", "register", ANY, "file.read", THIS, NONE));
    }

    static void network(List<Sink> s) {
        s.add(new Sink("sun/nio/ch/NioSocketImpl", "connect", "(Ljava/net/SocketAddress;I)", "net.connect", 0, NONE));
        s.add(new Sink("sun/nio/ch/NioSocketImpl", "bind", ANY, "net.bind", 0, 1));
        s.add(new Sink("java/net/ServerSocket", "implAccept", ANY, "net.accept", THIS, NONE));
        s.add(new Sink("sun/nio/ch/SocketChannelImpl", "connect", "(Ljava/net/SocketAddress;)", "net.connect", 0, NONE));
        // the channel's socket adaptor (SocketChannel.socket().connect) connects here, not through connect()
        s.add(new Sink("sun/nio/ch/SocketChannelImpl", "blockingConnect", ANY, "net.connect", 0, NONE));
        s.add(new Sink("sun/nio/ch/SocketChannelImpl", "bind", "(Ljava/net/SocketAddress;)", "net.bind", 0, NONE));
        s.add(new Sink("sun/nio/ch/ServerSocketChannelImpl", "bind", ANY, "net.bind", 0, NONE));
        s.add(new Sink("sun/nio/ch/ServerSocketChannelImpl", "accept", "()", "net.accept", THIS, NONE));
        s.add(new Sink("sun/nio/ch/DatagramChannelImpl", "connect", "(Ljava/net/SocketAddress;)", "net.connect", 0, NONE));
        s.add(new Sink("sun/nio/ch/DatagramChannelImpl", "send", "(Ljava/nio/ByteBuffer;Ljava/net/SocketAddress;)",
                "net.connect", 1, NONE));
        s.add(new Sink("sun/nio/ch/DatagramChannelImpl", "bind", "(Ljava/net/SocketAddress;)", "net.bind", 0, NONE));
        s.add(new Sink("sun/nio/ch/DatagramChannelImpl", "receive", "(Ljava/nio/ByteBuffer;)", "net.accept", THIS, NONE));
        s.add(new Sink("sun/nio/ch/UnixAsynchronousSocketChannelImpl", "implConnect", ANY, "net.connect", 0, NONE));
        s.add(new Sink("sun/nio/ch/AsynchronousSocketChannelImpl", "bind", ANY, "net.bind", 0, NONE));
        s.add(new Sink("sun/nio/ch/AsynchronousServerSocketChannelImpl", "bind", ANY, "net.bind", 0, NONE));
        s.add(new Sink("sun/nio/ch/UnixAsynchronousServerSocketChannelImpl", "implAccept", ANY, "net.accept", THIS,
                NONE));
        s.add(new Sink("java/net/InetAddress", "getAllByName", "(Ljava/lang/String;)", "net.resolve", 0, NONE));
        s.add(new Sink("java/net/InetAddress", "getByName", "(Ljava/lang/String;)", "net.resolve", 0, NONE));
        s.add(new Sink("java/net/InetAddress", "getLocalHost", ANY, "net.resolve", NONE, NONE));
        s.add(new Sink("java/net/InetAddress", "getCanonicalHostName", ANY, "net.resolve", THIS, NONE));
        // a reverse lookup: getHostName of an address made from a literal, InetSocketAddress.getHostName
        s.add(new Sink("java/net/InetAddress", "getHostFromNameService", ANY, "net.reverse", 0, NONE));
        // ICMP or TCP echo from native code: an outbound act to the address, port 7
        s.add(new Sink("java/net/InetAddress", "isReachable", ANY, "net.reach", THIS, NONE));
        s.add(new Sink("java/net/URL", "openConnection", ANY, "net.url", THIS, NONE));
        // the client comes along: where a redirect or a proxy leads, its executor's threads connect
        s.add(new Sink("jdk/internal/net/http/HttpClientImpl", "send", ANY, "net.http", 0, THIS));
        s.add(new Sink("jdk/internal/net/http/HttpClientImpl", "sendAsync", ANY, "net.http", 0, THIS));
    }
}
