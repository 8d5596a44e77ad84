from zhangdian_sdk.cli import main

main()
