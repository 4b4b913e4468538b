package io.clustergateway.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * A scripted UDP DNS server on loopback that answers every question with one A record, and can hold its answers
 * back until told, to keep queries in flight.
 */
final class FakeUpstream implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<Object[]> held = new CopyOnWriteArrayList<>();
    private final AtomicBoolean holding = new AtomicBoolean();
    private final Thread thread;

    FakeUpstream(String address) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        thread = new Thread(this::serve, "fake-upstream-" + address);
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Names asked so far (health probes for the root excluded). */
    List<String> asked() {
        return asked;
    }

    void hold() {
        holding.set(true);
    }

    void release() throws IOException {
        holding.set(false);
        for (Object[] pending : held) {
            answer((Message) pending[0], (SocketAddress) pending[1]);
        }
        held.clear();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(buffer, packet.getLength()));
                String name = query.getQuestion().getName().toString();
                if (!name.equals(".")) {
                    asked.add(name);
                }
                if (holding.get() && !name.equals(".")) {
                    held.add(new Object[] {query, packet.getSocketAddress()});
                } else {
                    answer(query, packet.getSocketAddress());
                }
            } catch (IOException e) {
                // closed, or a packet we cannot parse: keep serving until closed
            }
        }
    }

    private void answer(Message query, SocketAddress client) throws IOException {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RD);
        answer.getHeader().setFlag(Flags.RA);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        if (query.getQuestion().getType() == org.xbill.DNS.Type.A) {
            answer.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 300,
                    InetAddress.getByName("192.0.2.7")), Section.ANSWER);
        }
        byte[] wire = answer.toWire();
        socket.send(new DatagramPacket(wire, wire.length, client));
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
