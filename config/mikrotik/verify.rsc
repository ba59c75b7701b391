# What the collector runs, to try as sentinel-monitor after creating it
# (ssh sentinel-monitor+ct@router '<line>'): each must print its result, not
# "not enough permissions". CHR and x86 have no routerboard menu.
/system identity print
/system resource print
/system routerboard print
/ping address=192.0.2.53 count=1 size=64 interval=1s
/tool traceroute address=192.0.2.53 count=1 max-hops=3 timeout=1s
