package io.clustergateway.dns.route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Decodes in-addr.arpa and ip6.arpa names back into the address they stand for. */
public final class ReverseName {
    public static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    public static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");

    private ReverseName() {}

    public static boolean isReverse(Name name) {
        return name.subdomain(IN_ADDR_ARPA) || name.subdomain(IP6_ARPA);
    }

    /** The full address the name encodes; empty for partial names (a /24 zone, say) and anything unparsable. */
    public static Optional<InetAddress> decode(Name name) {
        if (name.subdomain(IN_ADDR_ARPA)) {
            return decode(name, IN_ADDR_ARPA.labels(), 4, false);
        }
        if (name.subdomain(IP6_ARPA)) {
            return decode(name, IP6_ARPA.labels(), 32, true);
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> decode(Name name, int suffixLabels, int parts, boolean nibbles) {
        if (name.labels() - suffixLabels != parts) {
            return Optional.empty();
        }
        byte[] address = new byte[nibbles ? 16 : 4];
        for (int i = 0; i < parts; i++) {
            // the first label is the least significant part
            int value = parse(name.getLabelString(i), nibbles);
            if (value < 0) {
                return Optional.empty();
            }
            int part = parts - 1 - i;
            if (nibbles) {
                address[part / 2] |= (byte) (part % 2 == 0 ? value << 4 : value);
            } else {
                address[part] = (byte) value;
            }
        }
        try {
            return Optional.of(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int parse(String label, boolean nibble) {
        if (nibble) {
            return label.length() == 1 ? Character.digit(label.charAt(0), 16) : -1;
        }
        if (label.isEmpty() || label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < label.length(); i++) {
            int digit = Character.digit(label.charAt(i), 10);
            if (digit < 0) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value <= 255 ? value : -1;
    }
}
