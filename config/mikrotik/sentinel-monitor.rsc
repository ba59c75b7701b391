# TriplePlay Sentinel: the least-privileged RouterOS account the collector logs in with.
# RouterOS 6.x and 7.x. Replace 192.0.2.10 with the collector's address as the router sees it
# (the Docker host, the Kubernetes node or its NAT address), then paste as an admin, or:
#   /import file-name=sentinel-monitor.rsc

# A group that may log in over SSH (ssh), read system information (read) and run ping and
# traceroute (test); nothing else. Without ssh the login fails before any command runs.
/user group add name=sentinel-monitor policy=ssh,read,test,!local,!telnet,!ftp,!reboot,!write,!policy,!winbox,!password,!web,!sniff,!sensitive,!api,!romon comment="TriplePlay Sentinel: ping and traceroute only"

# The user, accepted from the collector's address only. The password is a fallback; after the
# key import below RouterOS refuses password logins over SSH for this user.
/user add name=sentinel-monitor group=sentinel-monitor address=192.0.2.10/32 password="REPLACE_WITH_openssl_rand_base64_24" comment="TriplePlay Sentinel collector"

# The collector's public key, uploaded first (Files, or scp sentinel-monitor.pub admin@router:).
# RouterOS 6 takes RSA keys only; RouterOS 7 also takes ed25519.
/user ssh-keys import public-key-file=sentinel-monitor.pub user=sentinel-monitor

# Refuse weak SSH ciphers and key exchanges.
/ip ssh set strong-crypto=yes

# Optional: SSH only from the collector and your management network. List your own address too,
# or this locks you out.
# /ip service set ssh address=192.0.2.10/32,198.51.100.0/24
