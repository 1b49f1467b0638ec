const { benchSamlValidation } = await import('../test/bench/saml-acs');
for (let i = 0; i < 2; i++) console.log(await benchSamlValidation());
