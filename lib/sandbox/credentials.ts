/**
 * The sandbox's valid credentials, one set per provider. The sandbox APIs accept these and answer
 * anything else with the provider's 401; in sandbox mode the adapters use them unless the
 * environment says otherwise (.env.example lists them). They open nothing but the sandbox.
 */
export const sandboxCredentials = {
  gocardless: { secretId: "sandbox-secret-id", secretKey: "sandbox-secret-key" },
  plaid: { clientId: "sandbox-client-id", secret: "sandbox-secret" },
  saltedge: { appId: "sandbox-app-id", secret: "sandbox-app-secret" },
  enablebanking: {
    applicationId: "sandbox-application-id",
    // RSA key pair of the sandbox application: the adapter signs its JWTs with the private key, the
    // sandbox verifies them with the public one, as Enable Banking does with a registered application.
    privateKey: `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC/TR5SxEynaY1S
wLSiKSJ4nIl9SdkAcngS3x6bPLBmV6spwLBaoZ0+rIh3ihRNxLAnPJKy4w0SlSWB
FRWZkcNxaxJJLRhQdVLAIXB2vDzxaDq/NoAStjjNp4t0A9zdvHqgxjjnUsY/2m+u
/JteM1+kXzPX8ijcFGnaNebpHshDePbiuMiywX8bPnVO0vctaOPRjMy+FYK6+9lR
m+QpFMDejsCiDLvM7QckvtbaWqt+ZcIX4WWNBJx2yDws668vZ/zG5cVC2ATigeib
tWw9KFzZ8EqgRarIByjDX1dPgA6ZhjDnWJCg+YxSC/mUcL6Wndprq+NljqbiSy0B
BDs2+t83AgMBAAECggEAVRIeYgAZdnlh92Lq8RIJ2kkCe0zTy3ccHohKPA6JA3oJ
C9A8nJEyNCTVqxMkZFELZOdy9UozDgh1XSnbKSfBGjbbMt9y6JTD79zu/l5HW7NW
LKI34hpWuF3Bjh4JojGm9sgvle8halPhRpffH80Iwzfy/h0aPoR1bix6O0ENHbNw
Dwww3VasAviB6B4ZQdLeXZQWWLKdZKCcwzVRV/pohiL9BpgDuOpMbm8GkZtmIYCq
BtauOXgYAwF6Oj3Ht0uaxOGG5Au643H8xn0Zs3GamAo7Cwu8nciE/7hX3wzJeuqO
OCsKPdj6fPcUM3Ozh+1zDROBkTynv+J8Ky+1Ah5FAQKBgQDs5hxCd73qbY3jN6An
hxczkeayygxPtknpPy5XYyypa7/Nt6VEgHWsmOx5nxBG2TpyHdY45UhqlobYLzqe
fbEVUdnhav5G6jbBX5AmTnMvZW5ERdLg0IMW9mizdU9Aip8rRcU5L1RLDULuSxRd
0qNk4WbHgCkCtI42ItU4t8u9UQKBgQDOudDgqCZsd/ZgwR2TtWQrFGkAMRf5Hv6F
k6OwfrA4nKjVdTeFNE9kcrRQb8QtKGCMIjueEpAfFhINPjN47tJcvIucZerB15MK
EWdlsMTviABGrQdGr5Uw/8sTPQWnRVPc632JQkELY2j47GRl3Q6H294+N6FvFWeM
bTkOkUkSBwKBgFrJpTLj6Oiaq7HUc5AyeXXOCHekbyttVM4K5Jug6lDTdmJEaxXh
lTdcM+Q4TWiZf4iUXrDXTfVrUqovD2wGB4OAJtv4wRI0WF+rW/cSQZp8aNHJYJO/
1T1LmbyMzJ6TgYR37KmJteg9YNUp+NgsDWpv54+1UgIzZ/zfRI/EAFTBAoGAWbZo
AGbYre/tmxWTmVt5yfxEiRHFHpalzCBDRD/mh9rsph4FZyhJYAUrXVDzqMlCBO6C
Qto5c1Qnp1mcCtpRrm8gg1HzbAX6yL6+yXHKNU0nGYTTiIiATVBkt8eeoXXDrDcC
NsPq6F9O2d/0vgQN30W6j/OiekumsVlhDoJcXJcCgYEA0WOm3eEC6OhzNot0CFpx
P/rv04BcnKycxn2yy7p0WhE44jslk95G/3/4a9Y0dU1kNmvwqVpWUpyZU0dx23Ja
1OGOWvwNa/JwG7nVLDWUMusL6xw2zWRNbgrzpdhPEI5/YDHtVCq4lh02XjNLqfSE
m4gjs1boDwqDT2Rq4t2Ep7I=
-----END PRIVATE KEY-----`,
    publicKey: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv00eUsRMp2mNUsC0oiki
eJyJfUnZAHJ4Et8emzywZlerKcCwWqGdPqyId4oUTcSwJzySsuMNEpUlgRUVmZHD
cWsSSS0YUHVSwCFwdrw88Wg6vzaAErY4zaeLdAPc3bx6oMY451LGP9pvrvybXjNf
pF8z1/Io3BRp2jXm6R7IQ3j24rjIssF/Gz51TtL3LWjj0YzMvhWCuvvZUZvkKRTA
3o7Aogy7zO0HJL7W2lqrfmXCF+FljQScdsg8LOuvL2f8xuXFQtgE4oHom7VsPShc
2fBKoEWqyAcow19XT4AOmYYw51iQoPmMUgv5lHC+lp3aa6vjZY6m4kstAQQ7Nvrf
NwIDAQAB
-----END PUBLIC KEY-----`,
  },
} as const;
